using Microsoft.Extensions.Options;

namespace SpeakerBot.Conversation.LanguageModel;

public enum LanguageModelProvider
{
    /// <summary>No model: the bot runs on its rules alone, exactly as without this feature.</summary>
    None,

    /// <summary>Azure OpenAI through its v1 endpoint (https://RESOURCE.openai.azure.com/openai/v1/), deployment name as model.</summary>
    AzureOpenAI,

    /// <summary>OpenAI, or any server speaking the OpenAI chat completions API, by base URL.</summary>
    OpenAI,
}

/// <summary>Optional language model behind understanding, explanations and FAQ phrasing. Off unless a provider is set.</summary>
public sealed class LanguageModelOptions
{
    public const string SectionName = "LanguageModel";
    public const int DefaultTurnBudgetMs = 4000;

    public LanguageModelProvider Provider { get; set; } = LanguageModelProvider.None;

    /// <summary>Base URL: the Azure v1 endpoint, https://api.openai.com/v1/ or a compatible server's /v1/.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>API key. Empty with AzureOpenAI means Entra ID (managed identity, Azure CLI… via DefaultAzureCredential).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Azure deployment name, or the model name for OpenAI-compatible servers.</summary>
    public string? Deployment { get; set; }

    /// <summary>Whole budget of one model use, retries included; the user never waits longer.</summary>
    public int TimeoutMs { get; set; } = 3000;

    /// <summary>
    /// Most one chat turn waits on the model, understanding, FAQ phrasing and the cards' explanations together; what is
    /// not back by then is replaced by the rules' answer or the template line.
    /// </summary>
    public int TurnBudgetMs { get; set; } = DefaultTurnBudgetMs;

    /// <summary>Tokens (prompt + completion) allowed per UTC day; past it, the model is skipped until the next day. 0 = no cap.</summary>
    public long DailyTokenCap { get; set; } = 200_000;

    /// <summary>True: ask the model on every message. False: only when the rules leave the request incomplete or unsure.</summary>
    public bool Always { get; set; }

    /// <summary>Log prompts and completions (masked) at Debug level. Off by default.</summary>
    public bool DebugLogPrompts { get; set; }

    /// <summary>Consecutive failed calls that open the circuit breaker.</summary>
    public int BreakerFailures { get; set; } = 5;

    /// <summary>How long the breaker stays open before one trial call.</summary>
    public int BreakerOpenSeconds { get; set; } = 30;

    public bool Enabled => Provider != LanguageModelProvider.None;
}

/// <summary>Start-up check: a configured provider needs an endpoint, a deployment/model and sane limits.</summary>
internal sealed class LanguageModelOptionsValidator : IValidateOptions<LanguageModelOptions>
{
    public ValidateOptionsResult Validate(string? name, LanguageModelOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.Endpoint is null || !options.Endpoint.IsAbsoluteUri || options.Endpoint.Scheme is not ("https" or "http"))
        {
            errors.Add($"LanguageModel:Endpoint: expected an absolute http(s) URL such as https://RESOURCE.openai.azure.com/openai/v1/ when Provider is {options.Provider}.");
        }
        else if (options.Provider == LanguageModelProvider.AzureOpenAI
            && !options.Endpoint.AbsolutePath.TrimEnd('/').EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"LanguageModel:Endpoint: expected the Azure OpenAI v1 endpoint ending in /openai/v1/, got '{options.Endpoint}'.");
        }

        if (string.IsNullOrWhiteSpace(options.Deployment))
        {
            errors.Add("LanguageModel:Deployment: expected the Azure deployment name or the model name.");
        }

        if (options.Provider == LanguageModelProvider.OpenAI && string.IsNullOrWhiteSpace(options.ApiKey)
            && options.Endpoint is { Host: "api.openai.com" })
        {
            errors.Add("LanguageModel:ApiKey: expected an API key for api.openai.com.");
        }

        if (options.TimeoutMs is < 100 or > 60_000)
        {
            errors.Add($"LanguageModel:TimeoutMs: expected 100 to 60000 milliseconds, got {options.TimeoutMs}.");
        }

        if (options.TurnBudgetMs is < 100 or > 60_000)
        {
            errors.Add($"LanguageModel:TurnBudgetMs: expected 100 to 60000 milliseconds, got {options.TurnBudgetMs}.");
        }

        if (options.DailyTokenCap < 0)
        {
            errors.Add($"LanguageModel:DailyTokenCap: expected 0 (no cap) or a positive number of tokens, got {options.DailyTokenCap}.");
        }

        if (options.BreakerFailures < 1)
        {
            errors.Add($"LanguageModel:BreakerFailures: expected at least 1, got {options.BreakerFailures}.");
        }

        if (options.BreakerOpenSeconds < 1)
        {
            errors.Add($"LanguageModel:BreakerOpenSeconds: expected at least 1 second, got {options.BreakerOpenSeconds}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
