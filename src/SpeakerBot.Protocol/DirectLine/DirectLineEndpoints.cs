using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SpeakerBot.Protocol.Hosting;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>Direct Line 3.0 routes under <c>/v3/directline</c>, as botframework-directlinejs calls them.</summary>
internal static class DirectLineEndpoints
{
    public const string Prefix = "/v3/directline";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).AddEndpointFilter(TokensReady);
        group.MapPost("/tokens/generate", GenerateAsync);
        group.MapPost("/tokens/refresh", Refresh);
        group.MapPost("/conversations", StartAsync);
        group.MapGet("/conversations/{conversationId}", ResumeAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapGet("/conversations/{conversationId}/stream", StreamAsync);
        group.MapPost("/conversations/{conversationId}/upload", UploadAsync);
        group.MapGet("/conversations/{conversationId}/attachments/{attachmentId}", GetAttachment);

        // Anything else under the prefix (a missing conversation id, a typo) gets a JSON error like every other answer.
        group.MapFallback(NoSuchRoute);

        // The page's own token endpoint: same answer as tokens/generate, so no secret ever reaches the browser.
        routes.MapPost("/api/directline/token", PageTokenAsync).AddEndpointFilter(TokensReady);
    }

    // The token key may live in the database (several instances share it): loaded once, awaited, never blocked on.
    private static async ValueTask<object?> TokensReady(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        await context.HttpContext.RequestServices.GetRequiredService<DirectLineTokens>().ReadyAsync(context.HttpContext.RequestAborted);
        return await next(context);
    }

    private static async Task<IResult> GenerateAsync(HttpContext context, DirectLineTokens tokens, CreationRateLimiter limiter)
    {
        if (CreationLimited(context, limiter) is { } limited)
        {
            return limited;
        }

        if (tokens.SecretRequired && !tokens.Check(context.Request.Headers.Authorization).IsSecret)
        {
            return ActivityReader.Error(StatusCodes.Status403Forbidden, "Forbidden", "tokens/generate needs the Direct Line secret as 'Authorization: Bearer <secret>'.");
        }

        return await MintAsync(context, tokens).ConfigureAwait(false);
    }

    private static Task<IResult> PageTokenAsync(HttpContext context, DirectLineTokens tokens, CreationRateLimiter limiter) =>
        CreationLimited(context, limiter) is { } limited ? Task.FromResult(limited) : MintAsync(context, tokens);

    /// <summary>
    /// Mints a token for a new conversation. Who the user is: the id the caller names only when it holds the secret
    /// (a server that vouches for its users, as with Azure's Direct Line); the user of the tab's previous token when
    /// the page presents one; otherwise a new random id. A user id in the body of anyone else is ignored, since
    /// bookings and coordinator links belong to the user id.
    /// </summary>
    private static async Task<IResult> MintAsync(HttpContext context, DirectLineTokens tokens)
    {
        var parameters = await ReadParametersAsync(context).ConfigureAwait(false);
        if (parameters.Error is not null)
        {
            return parameters.Error;
        }

        string userId;
        var credential = context.Request.Headers.Authorization.ToString();
        if (tokens.SecretRequired && tokens.Check(credential).IsSecret)
        {
            var chosen = ChosenUserId(parameters.Value);
            if (chosen.Error is not null)
            {
                return chosen.Error;
            }

            userId = chosen.UserId;
        }
        else
        {
            userId = tokens.PreviousUser(credential) ?? DirectLineConversations.NewUserId();
        }

        var conversationId = DirectLineConversations.NewId();
        var token = tokens.Issue(conversationId, userId);
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

    private static async Task<IResult> StartAsync(
        HttpContext context, DirectLineTokens tokens, DirectLineConversations conversations, DirectLineHost host, CreationRateLimiter limiter)
    {
        if (CreationLimited(context, limiter) is { } limited)
        {
            return limited;
        }

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
            var chosen = ChosenUserId(parameters.Value);
            if (chosen.Error is not null)
            {
                return chosen.Error;
            }

            conversationId = DirectLineConversations.NewId();
            userId = chosen.UserId;
        }
        else
        {
            conversationId = check.ConversationId!;
            userId = check.UserId!;
        }

        var existing = await conversations.FindAsync(conversationId, context.RequestAborted).ConfigureAwait(false);
        var conversation = existing ?? await conversations.CreateAsync(conversationId, userId, context.RequestAborted).ConfigureAwait(false);
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

        // Read-your-writes across instances: a GET after a POST answered by another instance sees that turn's replies,
        // even before this instance hears the notice.
        await conversations.CatchUpAsync(conversation!).ConfigureAwait(false);
        var watermark = ParseWatermark(context.Request.Query["watermark"]);
        if (conversation!.NextSeq <= watermark && options.Value.PollWait > TimeSpan.Zero)
        {
            // Long-poll, well inside the client's 20 s timeout: a timed-out GET stops directlinejs polling for good.
            Interlocked.Increment(ref conversation.Waiters);
            try
            {
                await conversation.WaitForActivityAsync(watermark).WaitAsync(options.Value.PollWait, time, context.RequestAborted).ConfigureAwait(false);

                // Woken by a post's echo, the poll would answer a moment before the bot's reply, and the client's next
                // poll is up to its polling interval (1 s in Web Chat) away: give the running turn a short while so
                // one answer carries both.
                if (options.Value.PollLinger > TimeSpan.Zero)
                {
                    await conversation.TurnsDoneAsync().WaitAsync(options.Value.PollLinger, time, context.RequestAborted).ConfigureAwait(false);
                }
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

        if (PostLimited(context, conversation!, options.Value, time) is { } limited)
        {
            return limited;
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

        try
        {
            if (!conversation!.Started)
            {
                await host.StartAsync(conversation, ServiceUrl(context), activity.Locale, context.RequestAborted).ConfigureAwait(false);
            }

            var id = await host.PostAsync(conversation, activity, ServiceUrl(context), context.RequestAborted).ConfigureAwait(false);
            return Results.Json(new ResourceResponse { Id = id }, ProtocolJson.Wire.ResourceResponse);
        }
        catch (Exception ex) when (conversations.Shared && ex is not OperationCanceledException)
        {
            // The shared store failed before the activity was committed (turns catch their own errors): nothing was
            // recorded, so the client may post again.
            context.Response.Headers.RetryAfter = "1";
            return ActivityReader.Error(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "The conversation store cannot be reached right now; nothing was recorded: post the activity again in a moment.");
        }
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

        await conversations.CatchUpAsync(conversation!).ConfigureAwait(false);
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        await DirectLineStream.RunAsync(socket, conversation!, ParseWatermark(context.Request.Query["watermark"]), time, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST …/upload?userId=…</c>: a multipart body with an optional <c>activity</c> part (JSON) and one part per file,
    /// as directlinejs sends it, or a single file as the whole body (the Direct Line docs' other form). Files are stored
    /// and served back by URL; the activity gets one attachment per file, then is echoed and delivered like a post.
    /// </summary>
    private static async Task<IResult> UploadAsync(
        string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineConversations conversations, DirectLineHost host,
        DirectLineUploads uploads, IOptions<DirectLineOptions> options, TimeProvider time)
    {
        var (conversation, error) = await AuthorizeAsync(conversationId, context.Request.Headers.Authorization, context, tokens, conversations).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var settings = options.Value;
        if (PostLimited(context, conversation!, settings, time) is { } limited)
        {
            return limited;
        }

        // The multipart framing and the activity part come on top of the files; anything beyond cannot fit.
        var bodyLimit = settings.MaxUploadBytes + settings.MaxActivityBytes + UploadFramingAllowance;
        if (context.Request.ContentLength > bodyLimit)
        {
            return UploadTooLarge(settings);
        }

        // Our limit, not Kestrel's default (30 MB), decides; past it we answer 413 with a body ourselves.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = bodyLimit + 1;
        }

        // The ?userId= of directlinejs is not trusted: the user is whoever the token was issued to (as for posts).
        var saved = new List<UploadedFile>();
        var delivered = false;
        try
        {
            var (activity, readError) = await ReadUploadAsync(context.Request, conversation!.Id, uploads, settings, saved, context.RequestAborted).ConfigureAwait(false);
            if (readError is not null)
            {
                return readError;
            }

            if (saved.Count == 0)
            {
                return ActivityReader.Error(StatusCodes.Status400BadRequest, "BadArgument", "The upload has no file; send multipart/form-data with one part per file (named \"file\", with a filename).");
            }

            activity ??= new Activity { Type = ActivityTypes.Message };
            if (activity.Type != ActivityTypes.Message)
            {
                return ActivityReader.Error(StatusCodes.Status400BadRequest, "BadArgument", $"Files can only be attached to a message, not to a '{activity.Type}' activity.");
            }

            activity.Attachments = AttachmentsFor(activity.Attachments, saved, AttachmentBaseUrl(context, conversation.Id));
            if (!conversation.Started)
            {
                await host.StartAsync(conversation, ServiceUrl(context), activity.Locale, context.RequestAborted).ConfigureAwait(false);
            }

            var id = await host.PostAsync(conversation, activity, ServiceUrl(context), context.RequestAborted).ConfigureAwait(false);
            delivered = true;
            return Results.Json(new ResourceResponse { Id = id }, ProtocolJson.Wire.ResourceResponse);
        }
        catch (UploadTooLargeException)
        {
            return UploadTooLarge(settings);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            return ActivityReader.Error(StatusCodes.Status400BadRequest, "BadArgument", "The multipart body is malformed or ended early; expected multipart/form-data with an \"activity\" part and \"file\" parts.");
        }
        finally
        {
            if (!delivered)
            {
                foreach (var file in saved)
                {
                    uploads.Delete(conversation!.Id, file.Id);
                }
            }
        }
    }

    private const long UploadFramingAllowance = 64 * 1024;

    // Each file is a file on disk and an attachment in the transcript: a few are a message, thousands are an attack.
    private const int MaxFilesPerUpload = 20;

    private sealed record UploadedFile(string Id, string ContentType, string? Name);

    private static async Task<(Activity? Activity, IResult? Error)> ReadUploadAsync(
        HttpRequest request, string conversationId, DirectLineUploads uploads, DirectLineOptions settings, List<UploadedFile> saved, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            // A single file as the whole body, its name in Content-Disposition.
            var type = ContentTypeOrDefault(request.ContentType);
            var name = ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var whole) ? FileName(whole) : null;
            var (id, _) = await uploads.SaveAsync(conversationId, type, name, request.Body, settings.MaxUploadBytes, settings.MaxUploadBytes, cancellationToken).ConfigureAwait(false);
            saved.Add(new UploadedFile(id, type, name));
            return (null, null);
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            return (null, ActivityReader.Error(StatusCodes.Status400BadRequest, "BadArgument", "multipart/form-data needs a boundary parameter (at most 200 characters)."));
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        Activity? activity = null;
        long used = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition);
            var partName = HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value;
            if (string.Equals(partName, "activity", StringComparison.Ordinal))
            {
                if (activity is not null)
                {
                    return (null, ActivityReader.Error(StatusCodes.Status400BadRequest, "BadArgument", "The upload has two \"activity\" parts; send one."));
                }

                var bytes = await ReadBoundedAsync(section.Body, settings.MaxActivityBytes, cancellationToken).ConfigureAwait(false);
                if (bytes is null)
                {
                    return (null, ActivityReader.TooLarge(settings.MaxActivityBytes));
                }

                var parsed = ActivityReader.Parse(bytes);
                if (parsed.Error is not null)
                {
                    return (null, parsed.Error);
                }

                activity = parsed.Activity;
                continue;
            }

            if (saved.Count == MaxFilesPerUpload)
            {
                return (null, ActivityReader.Error(StatusCodes.Status400BadRequest, "BadArgument", $"An upload carries at most {MaxFilesPerUpload} files."));
            }

            var type = ContentTypeOrDefault(section.ContentType);
            var name = disposition is null ? null : FileName(disposition);
            var (id, length) = await uploads.SaveAsync(conversationId, type, name, section.Body, settings.MaxUploadBytes - used, settings.MaxUploadBytes, cancellationToken).ConfigureAwait(false);
            used += length;
            saved.Add(new UploadedFile(id, type, name));
        }

        return (activity, null);
    }

    /// <summary>One attachment per file, in order; what the activity part said about the n-th file (name, thumbnail) is kept.</summary>
    private static List<Attachment> AttachmentsFor(List<Attachment>? described, List<UploadedFile> files, string baseUrl)
    {
        var attachments = new List<Attachment>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var attachment = described is not null && i < described.Count ? described[i] : new Attachment();
            attachment.ContentType = files[i].ContentType;
            attachment.ContentUrl = baseUrl + files[i].Id;
            attachment.Content = null;
            attachment.Name ??= files[i].Name;
            attachments.Add(attachment);
        }

        return attachments;
    }

    private static IResult GetAttachment(string conversationId, string attachmentId, HttpContext context, DirectLineUploads uploads)
    {
        var upload = uploads.Find(conversationId, attachmentId);
        if (upload is null)
        {
            return ActivityReader.Error(StatusCodes.Status404NotFound, "NotFound", "No such attachment, or it has expired.");
        }

        // Uploaded bytes are served from the page's own origin: never let a browser run them as a page of ours.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        var inline = upload.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            || upload.ContentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)
            || upload.ContentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase);
        return Results.File(upload.Path, upload.ContentType, inline ? null : upload.Name ?? "attachment", enableRangeProcessing: true);
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string ContentTypeOrDefault(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType.HasValue && parsed.MediaType.Value!.Contains('/', StringComparison.Ordinal)
            ? parsed.ToString()
            : "application/octet-stream";

    private static string? FileName(ContentDispositionHeaderValue disposition)
    {
        var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar : HeaderUtilities.RemoveQuotes(disposition.FileName);
        return name.HasValue ? Path.GetFileName(name.Value) : null;
    }

    private static IResult UploadTooLarge(DirectLineOptions settings) =>
        ActivityReader.Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", string.Create(
            CultureInfo.InvariantCulture,
            $"The upload is larger than {settings.MaxUploadBytes / 1024} KB (DirectLine:MaxUploadBytes); send smaller files or fewer at once."));

    private static string AttachmentBaseUrl(HttpContext context, string conversationId) =>
        $"{context.Request.Scheme}://{context.Request.Host}{Prefix}/conversations/{conversationId}/attachments/";

    private static IResult? PostLimited(HttpContext context, DirectLineConversation conversation, DirectLineOptions settings, TimeProvider time)
    {
        var wait = conversation.TryTakePostSlot(time.GetUtcNow().UtcTicks, settings.ActivitiesPerSecond, settings.ActivityBurst);
        return wait > TimeSpan.Zero
            ? TooManyRequests(context, wait, "This conversation is sending too fast; retry after the delay in Retry-After.")
            : null;
    }

    private static IResult? CreationLimited(HttpContext context, CreationRateLimiter limiter)
    {
        var wait = limiter.TryAcquire(context.Connection.RemoteIpAddress);
        return wait > TimeSpan.Zero
            ? TooManyRequests(context, wait, "Too many conversations or tokens created from this address; retry after the delay in Retry-After (seconds).")
            : null;
    }

    private static IResult TooManyRequests(HttpContext context, TimeSpan wait, string message)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ActivityReader.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", message);
    }

    private static async Task<(DirectLineConversation? Conversation, IResult? Error)> AuthorizeAsync(
        string conversationId, string? credential, HttpContext context, DirectLineTokens tokens, DirectLineConversations conversations)
    {
        var check = tokens.Check(credential);
        if (check.Status != TokenStatus.Valid)
        {
            return (null, TokenError(check));
        }

        if (!DirectLineConversations.IsWellFormedId(conversationId))
        {
            return (null, ActivityReader.Error(StatusCodes.Status404NotFound, "NotFound", "This is not a conversation id: ids are 8 to 64 characters among A-Z, a-z, 0-9, '-' and '_'."));
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

    private static IResult NoSuchRoute(HttpContext context) =>
        ActivityReader.Error(StatusCodes.Status404NotFound, "NotFound", $"No Direct Line 3.0 operation {context.Request.Method} at this path; conversation operations are {Prefix}/conversations/{{conversationId}}[/activities|/upload|/stream].");

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

    /// <summary>The user id a caller holding the secret names, or a random one when it names none.</summary>
    private static (string UserId, IResult? Error) ChosenUserId(TokenParameters? parameters)
    {
        var requested = parameters?.User?.Id;
        if (requested is null)
        {
            return (DirectLineConversations.NewUserId(), null);
        }

        return string.IsNullOrWhiteSpace(requested) || requested.Length > MaxUserIdLength || requested.Any(char.IsControl)
            ? (string.Empty, ActivityReader.Error(StatusCodes.Status400BadRequest, "BadArgument", $"user.id must be 1 to {MaxUserIdLength} characters without control characters, or left out for a random id."))
            : (requested, null);
    }

    private const int MaxUserIdLength = 128;

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
