using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace SpeakerBot.Conversation.LanguageModel;

/// <summary>
/// Chat completions through Azure.AI.OpenAI's AzureOpenAIClient for Azure OpenAI, and the OpenAI 2.x client for OpenAI or a compatible server.
/// One budget per use (<see cref="LanguageModelOptions.TimeoutMs"/>) covers every attempt: 429 and 5xx are retried
/// with back-off only while the budget allows; a circuit breaker and a daily token cap sit in front.
/// </summary>
public sealed class OpenAiLanguageModel : ILanguageModel
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(150);
    private readonly ChatClient _chat;
    private readonly LanguageModelOptions _options;
    private readonly ILogger _logger;
    private readonly CircuitBreaker _breaker;
    private readonly TokenBudget _budget;
    private int _capLogged;

    public OpenAiLanguageModel(IOptions<LanguageModelOptions> options, ILogger<OpenAiLanguageModel> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        time ??= TimeProvider.System;
        _breaker = new CircuitBreaker(_options.BreakerFailures, TimeSpan.FromSeconds(_options.BreakerOpenSeconds), time);
        _budget = new TokenBudget(_options.DailyTokenCap, time);
        _chat = CreateClient(_options);
    }

    public bool IsEnabled => true;

    /// <summary>Tokens used since midnight UTC.</summary>
    public long TokensUsedToday => _budget.UsedToday;

    public async Task<string?> CompleteAsync(ModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_budget.HasRoom())
        {
            if (Interlocked.Exchange(ref _capLogged, 1) == 0)
            {
                Log.ModelDailyCapReached(_logger, _options.DailyTokenCap);
            }

            return null;
        }

        Interlocked.Exchange(ref _capLogged, 0);
        if (!_breaker.TryEnter())
        {
            Log.ModelSkippedBreakerOpen(_logger, request.Purpose);
            return null;
        }

        var messages = new List<ChatMessage> { new SystemChatMessage(request.System), new UserChatMessage(request.User) };
        var completionOptions = new ChatCompletionOptions { MaxOutputTokenCount = request.MaxOutputTokens, Temperature = 0f };
        if (request.JsonSchema is not null)
        {
            completionOptions.ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(
                request.SchemaName ?? "answer", BinaryData.FromString(request.JsonSchema), jsonSchemaIsStrict: true);
        }

        if (_options.DebugLogPrompts)
        {
            Log.ModelPrompt(_logger, request.Purpose, PersonalDataMasker.Mask(request.User));
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.TimeoutMs);
        var started = Stopwatch.GetTimestamp();
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                ClientResult<ChatCompletion> result = await _chat.CompleteChatAsync(messages, completionOptions, budget.Token).ConfigureAwait(false);
                var completion = result.Value;
                var text = completion.Content.Count > 0 ? completion.Content[0].Text : null;
                _breaker.Success();
                var tokens = completion.Usage?.TotalTokenCount ?? 0;
                var used = _budget.Add(tokens);
                Log.ModelUsage(_logger, request.Purpose, tokens, used, _options.DailyTokenCap, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (_options.DebugLogPrompts && text is not null)
                {
                    Log.ModelCompletion(_logger, request.Purpose, PersonalDataMasker.Mask(text));
                }

                return text;
            }
            catch (ClientResultException ex) when (IsTransient(ex.Status) && CanWait(started, backoff))
            {
                Log.ModelRetry(_logger, request.Purpose, ex.Status, attempt, (long)backoff.TotalMilliseconds);
            }
            catch (ClientResultException ex)
            {
                return Fail(request, ex.Status == 0 ? "transport" : $"HTTP {ex.Status}", started);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Fail(request, "timeout", started);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or FormatException or System.Text.Json.JsonException or ArgumentException)
            {
                // A compatible server that answers something the client cannot read is as useless as one that times out.
                return Fail(request, ex.GetType().Name, started);
            }

            try
            {
                await Task.Delay(backoff, budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Fail(request, "timeout", started);
            }

            backoff *= 2;
        }

        bool CanWait(long since, TimeSpan delay) =>
            Stopwatch.GetElapsedTime(since) + delay + TimeSpan.FromMilliseconds(50) < TimeSpan.FromMilliseconds(_options.TimeoutMs);
    }

    private static bool IsTransient(int status) => status is 429 or 408 or >= 500 and <= 599;

    private string? Fail(ModelRequest request, string reason, long started)
    {
        Log.ModelFailed(_logger, request.Purpose, reason, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (_breaker.Failure())
        {
            Log.ModelBreakerOpened(_logger, _options.BreakerFailures, _options.BreakerOpenSeconds);
        }

        return null;
    }

    private static ChatClient CreateClient(LanguageModelOptions options)
    {
        var endpoint = options.Endpoint ?? throw new InvalidOperationException("LanguageModel:Endpoint is required.");
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(endpoint.ToString().TrimEnd('/')),
            NetworkTimeout = TimeSpan.FromMilliseconds(options.TimeoutMs),

            // Retries are ours, inside the one budget; the client's own policy would wait beyond it.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        var model = options.Deployment ?? throw new InvalidOperationException("LanguageModel:Deployment is required.");

        if (options.Provider == LanguageModelProvider.AzureOpenAI)
        {
            // Azure.AI.OpenAI (decision 115): the resource root (the configured /openai/v1/ endpoint cut back to it),
            // deployment routes, the api-key header, or Entra ID through Azure.Identity when no key is set.
            var azureOptions = new Azure.AI.OpenAI.AzureOpenAIClientOptions
            {
                NetworkTimeout = clientOptions.NetworkTimeout,
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            };
            var root = AzureResourceRoot(endpoint);
            var azure = string.IsNullOrWhiteSpace(options.ApiKey)
                ? new Azure.AI.OpenAI.AzureOpenAIClient(root, new Azure.Identity.DefaultAzureCredential(), azureOptions)
                : new Azure.AI.OpenAI.AzureOpenAIClient(root, new ApiKeyCredential(options.ApiKey), azureOptions);
            return azure.GetChatClient(model);
        }

        // Local compatible servers often need no key; the client insists on one, so send a placeholder.
        return new ChatClient(model, new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? "none" : options.ApiKey), clientOptions);
    }

    /// <summary>https://RESOURCE.openai.azure.com/openai/v1/ → https://RESOURCE.openai.azure.com/ (any path prefix before /openai kept).</summary>
    internal static Uri AzureResourceRoot(Uri endpoint)
    {
        var path = endpoint.AbsolutePath.TrimEnd('/');
        var cut = path.EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase) ? path[..^"/openai/v1".Length] : path;
        return new UriBuilder(endpoint) { Path = cut + "/", Query = string.Empty }.Uri;
    }
}
