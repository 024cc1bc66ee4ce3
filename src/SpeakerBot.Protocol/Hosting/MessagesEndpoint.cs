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

        if (activity.Type == ActivityTypes.Invoke)
        {
            // We answer no invoke names; the SDK's answer to an unknown invoke is 501.
            return Results.StatusCode(StatusCodes.Status501NotImplemented);
        }

        var expectReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.Ordinal);
        if (!expectReplies && ActivityMapper.ToTurnInput(activity) is not null
            && !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out _))
        {
            return ActivityReader.Error(StatusCodes.Status400BadRequest, "MissingProperty", "The activity has no absolute \"serviceUrl\" to reply to.");
        }

        IReplySink sink = expectReplies ? new BufferedReplySink() : new ConnectorReplySink(connector, auth.Authenticated);

        // The turn belongs to the host, not the request: past the budget we answer 200 and the replies still go out.
        var turn = pipeline.RunAsync(activity, sink, lifetime.ApplicationStopping);
        var finished = await turn.CompletesWithinAsync(options.Value.ResponseBudget, time, context.RequestAborted).ConfigureAwait(false);
        if (!finished)
        {
            Log.TurnOverBudget(logger, activity.ChannelId, activity.Conversation.Id);
        }

        if (sink is BufferedReplySink buffered)
        {
            return Results.Json(new ExpectedReplies { Activities = [.. buffered.Snapshot()] }, ProtocolJson.Wire.ExpectedReplies);
        }

        return Results.Ok();
    }
}
