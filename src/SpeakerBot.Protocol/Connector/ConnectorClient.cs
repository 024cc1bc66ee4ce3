using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.Connector;

/// <summary>Thrown when the channel refuses an activity for good (after retries, or a non-retryable status).</summary>
public sealed class ConnectorException(string message, HttpStatusCode? status) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>
/// Sends the bot's activities to a channel's Connector REST API (serviceUrl + v3/conversations/…), retrying the
/// statuses channels use for throttling and transient failures, with exponential back-off and jitter.
/// </summary>
public sealed class ConnectorClient(HttpClient http, IBotTokenProvider tokens, IOptions<BotProtocolOptions> options, TimeProvider time, ILogger<ConnectorClient> logger)
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <param name="activity">The reply; it goes to ReplyToActivity when it has a replyToId, else SendToConversation.</param>
    /// <param name="authenticate">
    /// True only when the serviceUrl came from an authenticated activity: our token must never reach a URL an attacker chose.
    /// </param>
    public async Task<ResourceResponse?> SendAsync(Activity activity, bool authenticate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var url = ActivityUrl(activity);
        var attempts = options.Value.ConnectorMaxAttempts;
        var refreshedToken = false;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = JsonContent.Create(activity, ProtocolJson.Wire.Activity),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.UserAgent.ParseAdd("SpeakerBot/1.0 (Microsoft-BotFramework/3.1)");
            if (authenticate)
            {
                var token = await tokens.GetTokenAsync(refreshedToken, cancellationToken).ConfigureAwait(false);
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }
            }

            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                if (response.Content.Headers.ContentLength is 0)
                {
                    return null;
                }

                try
                {
                    return await response.Content.ReadFromJsonAsync(ProtocolJson.Wire.ResourceResponse, cancellationToken).ConfigureAwait(false);
                }
                catch (System.Text.Json.JsonException)
                {
                    return null;
                }
            }

            var status = response.StatusCode;
            if (status == HttpStatusCode.Unauthorized && authenticate && !refreshedToken)
            {
                refreshedToken = true;
                continue;
            }

            if (!IsRetryable(status) || attempt >= attempts)
            {
                response.Headers.TryGetValues("X-Correlating-OperationId", out var operation);
                Log.ConnectorRejected(logger, (int)status, activity.ChannelId, operation?.FirstOrDefault());
                throw new ConnectorException($"The channel answered {(int)status} to the reply.", status);
            }

            var delay = RetryDelay(attempt, response.Headers.RetryAfter);
            Log.ConnectorRetry(logger, (int)status, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static bool IsRetryable(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests
        or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    internal static TimeSpan RetryDelay(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        if (retryAfter?.Delta is { } delta && delta > TimeSpan.Zero)
        {
            return delta < MaxDelay ? delta : MaxDelay;
        }

        // Full jitter: concurrent conversations throttled together must not retry in lockstep.
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    internal static Uri ActivityUrl(Activity activity)
    {
        if (string.IsNullOrEmpty(activity.ServiceUrl) || !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out _))
        {
            throw new ConnectorException("The activity has no usable serviceUrl.", null);
        }

        var baseUrl = activity.ServiceUrl.EndsWith('/') ? activity.ServiceUrl : activity.ServiceUrl + "/";
        var path = $"v3/conversations/{Uri.EscapeDataString(activity.Conversation?.Id ?? string.Empty)}/activities";
        if (!string.IsNullOrEmpty(activity.ReplyToId))
        {
            path += "/" + Uri.EscapeDataString(activity.ReplyToId);
        }

        return new Uri(baseUrl + path);
    }
}

/// <summary>Replies of one turn go to the channel that sent the activity, one after the other to keep their order.</summary>
public sealed class ConnectorReplySink(ConnectorClient client, bool authenticate) : Turns.IReplySink
{
    public Task SendAsync(Activity reply, CancellationToken cancellationToken) => client.SendAsync(reply, authenticate, cancellationToken);
}
