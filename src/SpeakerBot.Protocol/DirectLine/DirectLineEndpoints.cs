using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SpeakerBot.Protocol.Hosting;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>Direct Line 3.0 routes under <c>/v3/directline</c>, as botframework-directlinejs calls them.</summary>
internal static class DirectLineEndpoints
{
    public const string Prefix = "/v3/directline";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix);
        group.MapPost("/tokens/generate", GenerateAsync);
        group.MapPost("/tokens/refresh", Refresh);
        group.MapPost("/conversations", StartAsync);
        group.MapGet("/conversations/{conversationId}", ResumeAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapGet("/conversations/{conversationId}/stream", StreamAsync);

        // The page's own token endpoint: same answer as tokens/generate, so no secret ever reaches the browser.
        routes.MapPost("/api/directline/token", PageTokenAsync);
    }

    private static async Task<IResult> GenerateAsync(HttpContext context, DirectLineTokens tokens)
    {
        if (tokens.SecretRequired && !tokens.Check(context.Request.Headers.Authorization).IsSecret)
        {
            return ActivityReader.Error(StatusCodes.Status403Forbidden, "Forbidden", "tokens/generate needs the Direct Line secret as 'Authorization: Bearer <secret>'.");
        }

        return await MintAsync(context, tokens).ConfigureAwait(false);
    }

    private static Task<IResult> PageTokenAsync(HttpContext context, DirectLineTokens tokens) => MintAsync(context, tokens);

    private static async Task<IResult> MintAsync(HttpContext context, DirectLineTokens tokens)
    {
        var parameters = await ReadParametersAsync(context).ConfigureAwait(false);
        if (parameters.Error is not null)
        {
            return parameters.Error;
        }

        var conversationId = DirectLineConversations.NewId();
        var token = tokens.Issue(conversationId, UserIdFrom(parameters.Value));
        return Json(new ConversationResponse { ConversationId = conversationId, Token = token, ExpiresIn = tokens.ExpiresInSeconds });
    }

    private static IResult Refresh(HttpContext context, DirectLineTokens tokens)
    {
        var check = tokens.Check(context.Request.Headers.Authorization);
        if (check.Status != TokenStatus.Valid || check.IsSecret)
        {
            return TokenError(check);
        }

        var token = tokens.Issue(check.ConversationId!, check.UserId!);
        return Json(new ConversationResponse { ConversationId = check.ConversationId!, Token = token, ExpiresIn = tokens.ExpiresInSeconds });
    }

    private static async Task<IResult> StartAsync(HttpContext context, DirectLineTokens tokens, DirectLineConversations conversations, DirectLineHost host)
    {
        var check = tokens.Check(context.Request.Headers.Authorization);
        if (check.Status != TokenStatus.Valid)
        {
            return TokenError(check);
        }

        var parameters = await ReadParametersAsync(context).ConfigureAwait(false);
        if (parameters.Error is not null)
        {
            return parameters.Error;
        }

        string conversationId;
        string userId;
        if (check.IsSecret)
        {
            conversationId = DirectLineConversations.NewId();
            userId = UserIdFrom(parameters.Value);
        }
        else
        {
            conversationId = check.ConversationId!;
            userId = check.UserId!;
        }

        var existing = await conversations.FindAsync(conversationId, context.RequestAborted).ConfigureAwait(false);
        var conversation = existing ?? conversations.Create(conversationId, userId);
        var alreadyStarted = conversation.Started;
        await host.StartAsync(conversation, ServiceUrl(context), parameters.Value?.Locale, context.RequestAborted).ConfigureAwait(false);
        var token = tokens.Issue(conversation.Id, conversation.UserId);
        var body = new ConversationResponse
        {
            ConversationId = conversation.Id,
            Token = token,
            ExpiresIn = tokens.ExpiresInSeconds,
            StreamUrl = StreamUrl(context, conversation.Id, token, null),
        };
        return Results.Json(body, ProtocolJson.Wire.ConversationResponse, statusCode: alreadyStarted ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private static async Task<IResult> ResumeAsync(string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineConversations conversations)
    {
        var (conversation, error) = await AuthorizeAsync(conversationId, context.Request.Headers.Authorization, context, tokens, conversations).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var token = tokens.Issue(conversation!.Id, conversation.UserId);
        return Json(new ConversationResponse
        {
            ConversationId = conversation.Id,
            Token = token,
            ExpiresIn = tokens.ExpiresInSeconds,
            StreamUrl = StreamUrl(context, conversation.Id, token, context.Request.Query["watermark"]),
        });
    }

    private static async Task<IResult> GetActivitiesAsync(
        string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineConversations conversations, IOptions<DirectLineOptions> options, TimeProvider time)
    {
        var (conversation, error) = await AuthorizeAsync(conversationId, context.Request.Headers.Authorization, context, tokens, conversations).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var watermark = ParseWatermark(context.Request.Query["watermark"]);
        if (conversation!.NextSeq <= watermark && options.Value.PollWait > TimeSpan.Zero)
        {
            // Long-poll, well inside the client's 20 s timeout: a timed-out GET stops directlinejs polling for good.
            Interlocked.Increment(ref conversation.Waiters);
            try
            {
                await conversation.WaitForActivityAsync(watermark).WaitAsync(options.Value.PollWait, time, context.RequestAborted).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Nothing new: answer with the same watermark.
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
            finally
            {
                Interlocked.Decrement(ref conversation.Waiters);
            }
        }

        return Results.Bytes(conversation.ActivitySetJson(watermark, out _, out _), "application/json");
    }

    private static async Task<IResult> PostActivityAsync(
        string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineConversations conversations, DirectLineHost host,
        IOptions<DirectLineOptions> options, TimeProvider time)
    {
        var (conversation, error) = await AuthorizeAsync(conversationId, context.Request.Headers.Authorization, context, tokens, conversations).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var wait = conversation!.TryTakePostSlot(time.GetUtcNow().UtcTicks, options.Value.ActivitiesPerSecond, options.Value.ActivityBurst);
        if (wait > TimeSpan.Zero)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ActivityReader.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "This conversation is sending too fast; retry after the delay in Retry-After.");
        }

        var read = await ActivityReader.ReadAsync(context.Request, options.Value.MaxActivityBytes, context.RequestAborted).ConfigureAwait(false);
        if (read.Error is not null)
        {
            return read.Error;
        }

        var activity = read.Activity!;
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.Event or ActivityTypes.Typing or ActivityTypes.EndOfConversation))
        {
            return ActivityReader.Error(StatusCodes.Status400BadRequest, "BadArgument", $"Activity type '{activity.Type}' cannot be posted; expected message, event, typing or endOfConversation.");
        }

        if (!conversation.Started)
        {
            await host.StartAsync(conversation, ServiceUrl(context), activity.Locale, context.RequestAborted).ConfigureAwait(false);
        }

        var id = await host.PostAsync(conversation, activity, ServiceUrl(context), context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new ResourceResponse { Id = id }, ProtocolJson.Wire.ResourceResponse);
    }

    private static async Task StreamAsync(
        string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineConversations conversations, TimeProvider time)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ActivityReader.Error(StatusCodes.Status400BadRequest, "BadArgument", "The stream URL expects a WebSocket upgrade.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var (conversation, error) = await AuthorizeAsync(conversationId, context.Request.Query["t"], context, tokens, conversations).ConfigureAwait(false);
        if (error is not null)
        {
            await error.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        await DirectLineStream.RunAsync(socket, conversation!, ParseWatermark(context.Request.Query["watermark"]), time, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<(DirectLineConversation? Conversation, IResult? Error)> AuthorizeAsync(
        string conversationId, string? credential, HttpContext context, DirectLineTokens tokens, DirectLineConversations conversations)
    {
        var check = tokens.Check(credential);
        if (check.Status != TokenStatus.Valid)
        {
            return (null, TokenError(check));
        }

        if (!check.IsSecret && !string.Equals(check.ConversationId, conversationId, StringComparison.Ordinal))
        {
            return (null, ActivityReader.Error(StatusCodes.Status403Forbidden, "Forbidden", "This token belongs to another conversation."));
        }

        var conversation = await conversations.FindAsync(conversationId, context.RequestAborted).ConfigureAwait(false);
        return conversation is null
            ? (null, ActivityReader.Error(StatusCodes.Status404NotFound, "NotFound", "No conversation with this id; start one with POST /v3/directline/conversations."))
            : (conversation, null);
    }

    private static IResult TokenError(TokenCheck check) => check.Status switch
    {
        TokenStatus.Missing => ActivityReader.Error(StatusCodes.Status401Unauthorized, "Unauthorized", "Missing 'Authorization: Bearer <token>'."),
        TokenStatus.Expired => ActivityReader.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired; get a new one (tokens/refresh before expiry, or the page's token endpoint)."),
        _ => ActivityReader.Error(StatusCodes.Status403Forbidden, "Forbidden", "The token is not valid for this service."),
    };

    private static async Task<(TokenParameters? Value, IResult? Error)> ReadParametersAsync(HttpContext context)
    {
        if (context.Request.ContentLength is 0 or null && !context.Request.Headers.TransferEncoding.Any())
        {
            return (null, null);
        }

        try
        {
            using var limited = new MemoryStream();
            var chunk = new byte[4096];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (limited.Length + read > 16 * 1024)
                {
                    return (null, ActivityReader.Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", "The request body is larger than 16 KB."));
                }

                limited.Write(chunk, 0, read);
            }

            return limited.Length == 0 ? (null, null) : (JsonSerializer.Deserialize(limited.ToArray(), ProtocolJson.Wire.TokenParameters), null);
        }
        catch (JsonException)
        {
            return (null, ActivityReader.Error(StatusCodes.Status400BadRequest, "BadArgument", "The body is not valid JSON; expected {\"user\":{\"id\":\"…\"}} or nothing."));
        }
    }

    private static string UserIdFrom(TokenParameters? parameters)
    {
        var requested = parameters?.User?.Id;
        return !string.IsNullOrWhiteSpace(requested) && requested.Length <= 128 ? requested : DirectLineConversations.NewUserId();
    }

    internal static long ParseWatermark(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var watermark) && watermark >= 0 ? watermark : 0;

    private static string ServiceUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}/";

    private static string StreamUrl(HttpContext context, string conversationId, string token, string? watermark)
    {
        var scheme = context.Request.IsHttps ? "wss" : "ws";
        var url = $"{scheme}://{context.Request.Host}{Prefix}/conversations/{conversationId}/stream?t={Uri.EscapeDataString(token)}";
        return string.IsNullOrEmpty(watermark) ? url : url + "&watermark=" + Uri.EscapeDataString(watermark);
    }

    private static IResult Json(ConversationResponse body) => Results.Json(body, ProtocolJson.Wire.ConversationResponse);
}
