using Microsoft.Extensions.Options;

namespace SpeakerBot.Protocol;

public enum MicrosoftAppType
{
    MultiTenant,
    SingleTenant,
    UserAssignedMSI,
}

/// <summary>Azure Bot Service identity and channel authentication (section <c>Bot</c>).</summary>
public sealed class BotProtocolOptions
{
    public const string SectionName = "Bot";
    public const string DefaultChannelIssuer = "https://api.botframework.com";
    public const string DefaultChannelOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string DefaultEntraOpenIdMetadataUrl = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";
    public const string DefaultLoginEndpoint = "https://login.microsoftonline.com";
    public const string DefaultConnectorScope = "https://api.botframework.com/.default";

    public MicrosoftAppType MicrosoftAppType { get; set; } = MicrosoftAppType.MultiTenant;

    /// <summary>Empty means authentication is off (local Emulator and the built-in Web Chat only).</summary>
    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    public string ChannelIssuer { get; set; } = DefaultChannelIssuer;

    public string ChannelOpenIdMetadataUrl { get; set; } = DefaultChannelOpenIdMetadataUrl;

    public string EntraOpenIdMetadataUrl { get; set; } = DefaultEntraOpenIdMetadataUrl;

    public string LoginEndpoint { get; set; } = DefaultLoginEndpoint;

    public string ConnectorScope { get; set; } = DefaultConnectorScope;

    /// <summary>Shortest time between two key downloads triggered by tokens naming an unknown key.</summary>
    public TimeSpan SigningKeysRefreshCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Channels wait 15 s for the HTTP answer; past this budget we acknowledge and finish the turn in the background.</summary>
    public TimeSpan ResponseBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A typing indicator is sent when the engine takes longer than this.</summary>
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Largest accepted activity body, in bytes (larger → 413).</summary>
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// <summary>Attempts for a Connector call answered 429/412/502/504.</summary>
    public int ConnectorMaxAttempts { get; set; } = 4;

    /// <summary>
    /// With authentication off, /api/messages answers only callers on this machine (the Emulator) unless this is true.
    /// Even then, replies go only to a loopback serviceUrl named by a loopback caller, or in the response (expectReplies).
    /// </summary>
    public bool AllowAnonymousOnNetwork { get; set; }

    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}

internal sealed class BotProtocolOptionsValidator : IValidateOptions<BotProtocolOptions>
{
    public ValidateOptionsResult Validate(string? name, BotProtocolOptions options)
    {
        var failures = new List<string>();
        var hasId = !string.IsNullOrWhiteSpace(options.MicrosoftAppId);
        var hasPassword = !string.IsNullOrWhiteSpace(options.MicrosoftAppPassword);
        var hasTenant = !string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId);
        if (!hasId)
        {
            if (hasPassword || hasTenant)
            {
                failures.Add("Bot:MicrosoftAppPassword or Bot:MicrosoftAppTenantId is set but Bot:MicrosoftAppId is empty; set the app id or clear both.");
            }
        }
        else
        {
            switch (options.MicrosoftAppType)
            {
                case MicrosoftAppType.MultiTenant when !hasPassword:
                    failures.Add("Bot:MicrosoftAppType MultiTenant needs Bot:MicrosoftAppPassword (the app registration's client secret).");
                    break;
                case MicrosoftAppType.SingleTenant when !hasPassword || !hasTenant:
                    failures.Add("Bot:MicrosoftAppType SingleTenant needs Bot:MicrosoftAppPassword and Bot:MicrosoftAppTenantId.");
                    break;
                case MicrosoftAppType.UserAssignedMSI when hasPassword || !hasTenant:
                    failures.Add("Bot:MicrosoftAppType UserAssignedMSI needs Bot:MicrosoftAppTenantId and no Bot:MicrosoftAppPassword (the managed identity has no secret).");
                    break;
                default:
                    break;
            }
        }

        foreach (var (setting, value) in new[]
        {
            ("Bot:ChannelOpenIdMetadataUrl", options.ChannelOpenIdMetadataUrl),
            ("Bot:EntraOpenIdMetadataUrl", options.EntraOpenIdMetadataUrl),
            ("Bot:LoginEndpoint", options.LoginEndpoint),
        })
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback))
            {
                failures.Add($"{setting} must be an absolute https URL (plain http is accepted only on loopback), got '{value}'.");
            }
        }

        if (options.ResponseBudget <= TimeSpan.Zero || options.ResponseBudget > TimeSpan.FromSeconds(14))
        {
            failures.Add($"Bot:ResponseBudget must be between 0 and 14 seconds (channels give up at 15 s), got {options.ResponseBudget}.");
        }

        if (options.MaxActivityBytes < 1024)
        {
            failures.Add($"Bot:MaxActivityBytes must be at least 1024, got {options.MaxActivityBytes}.");
        }

        if (options.ConnectorMaxAttempts is < 1 or > 10)
        {
            failures.Add($"Bot:ConnectorMaxAttempts must be between 1 and 10, got {options.ConnectorMaxAttempts}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
