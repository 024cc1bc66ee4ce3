using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpeakerBot.Protocol.Auth;
using SpeakerBot.Protocol.Connector;
using SpeakerBot.Protocol.Schema;
using SpeakerBot.Protocol.Turns;

namespace SpeakerBot.Protocol.Hosting;

/// <summary>
/// <c>POST /api/messages</c>: parse, authenticate, hand the activity to the turn pipeline, answer within the channel's budget.
/// </summary>
internal sealed class MessagesEndpoint(
    ChannelAuthenticator authenticator,
    TurnPipeline pipeline,
    ConnectorClient connector,
    IOptions<BotProtocolOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<MessagesEndpoint> logger)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var read = await ActivityReader.ReadAsync(context.Request, options.Value.MaxActivityBytes, context.RequestAborted).ConfigureAwait(false);
        if (read.Error is not null)
        {
            return read.Error;
        }

        var activity = read.Activity!;
        var auth = await authenticator.AuthenticateAsync(context.Request.Headers.Authorization, activity, context.RequestAborted).ConfigureAwait(false);
        if (!auth.Succeeded)
        {
            Log.Unauthorized(logger, activity.ChannelId, auth.Failure);
            return ActivityReader.Error(StatusCodes.Status401Unauthorized, "Unauthorized", auth.Failure!);
        }

        // Never trust a caller id that came over the wire (spec A2251): it is ours to set after authentication.
        activity.CallerId = auth.CallerId;
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return ActivityReader.Error(StatusCodes.Status400BadRequest, "MissingProperty", "The activity has no \"conversation.id\".");
        }

        var expectReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.Ordinal);
        var needsReplyAddress = !expectReplies && ActivityMapper.ToTurnInput(activity) is not null;
        if (!auth.Authenticated && Refuse(context, activity, needsReplyAddress) is { } refused)
        {
            return refused;
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            // We handle no invoke names. The SDK answers an unknown one 501; asked for expectReplies, it answers 200 with
            // the status inside an invokeResponse activity (SkillDialog throws on anything but 2xx).
            return expectReplies
                ? Results.Json(new ExpectedReplies { Activities = [InvokeResponse(activity, StatusCodes.Status501NotImplemented)] }, ProtocolJson.Wire.ExpectedReplies)
                : Results.StatusCode(StatusCodes.Status501NotImplemented);
        }

        if (needsReplyAddress && !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out _))
        {
            return ActivityReader.Error(StatusCodes.Status400BadRequest, "MissingProperty", "The activity has no absolute \"serviceUrl\" to reply to.");
        }

        if (expectReplies)
        {
            // The replies exist only in this answer, so it waits for the whole turn whatever the budget (as the SDK does).
            var buffered = new BufferedReplySink();
            var turn = pipeline.RunAsync(activity, buffered, lifetime.ApplicationStopping);
            if (!await turn.CompletesWithinAsync(Timeout.InfiniteTimeSpan, time, context.RequestAborted).ConfigureAwait(false))
            {
                Log.ExpectRepliesCallerGone(logger, activity.ChannelId, activity.Conversation.Id);
                return Results.Empty;
            }

            return Results.Json(new ExpectedReplies { Activities = [.. buffered.Snapshot()] }, ProtocolJson.Wire.ExpectedReplies);
        }

        // The turn belongs to the host, not the request: past the budget we answer 200 and the replies still go out.
        var sink = new ConnectorReplySink(connector, auth.Authenticated);
        var finished = await pipeline.RunAsync(activity, sink, lifetime.ApplicationStopping)
            .CompletesWithinAsync(options.Value.ResponseBudget, time, context.RequestAborted).ConfigureAwait(false);
        if (!finished)
        {
            Log.TurnOverBudget(logger, activity.ChannelId, activity.Conversation.Id);
        }

        return Results.Ok();
    }

    /// <summary>
    /// Authentication is off: nobody proved who they are, so the bot must not become a way to send requests elsewhere.
    /// Callers off this machine need <see cref="BotProtocolOptions.AllowAnonymousOnNetwork"/>; replies go only to a
    /// loopback serviceUrl named by a loopback caller (the Emulator), otherwise only in the response (expectReplies).
    /// </summary>
    private IResult? Refuse(HttpContext context, Activity activity, bool needsReplyAddress)
    {
        var localCaller = IsLoopback(context.Connection.RemoteIpAddress);
        if (!localCaller && !options.Value.AllowAnonymousOnNetwork)
        {
            Log.AnonymousNetworkCallerRefused(logger, activity.ChannelId);
            return ActivityReader.Error(StatusCodes.Status403Forbidden, "Forbidden",
                "Authentication is off (no Bot:MicrosoftAppId), so /api/messages accepts activities only from this machine. "
                + "Configure Bot:MicrosoftAppId, or set Bot:AllowAnonymousOnNetwork=true to accept unauthenticated callers from the network.");
        }

        if (needsReplyAddress && !(localCaller && IsLoopbackUrl(activity.ServiceUrl)))
        {
            Log.ServiceUrlRefused(logger, activity.ChannelId);
            return ActivityReader.Error(StatusCodes.Status403Forbidden, "Forbidden",
                "Authentication is off (no Bot:MicrosoftAppId), so replies go only to a loopback \"serviceUrl\" "
                + "(http://localhost:…, 127.0.0.0/8 or [::1], as the Emulator sends) from a caller on this machine; "
                + "send \"deliveryMode\": \"expectReplies\" to get the replies in the response instead. Nothing was sent.");
        }

        return null;
    }

    internal static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    internal static bool IsLoopbackUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && IsLoopbackHost(uri.Host);

    /// <summary>localhost, 127.0.0.0/8 or ::1 (brackets allowed); a name that merely starts with "localhost" is not.</summary>
    internal static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IsLoopback(ip));

    private static Activity InvokeResponse(Activity invoke, int status)
    {
        var response = ActivityMapper.CreateReply(invoke, ActivityTypes.InvokeResponse);
        response.Value = JsonSerializer.SerializeToElement(new InvokeResponse { Status = status }, ProtocolJson.Wire.InvokeResponse);
        return response;
    }
}
