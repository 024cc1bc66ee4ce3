using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace SpeakerBot.Protocol.Connector;

/// <summary>The bearer token the bot puts on its Connector calls; null when authentication is off.</summary>
public interface IBotTokenProvider
{
    Task<string?> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}

/// <summary>
/// Client-credentials (or user-assigned managed identity) tokens from Entra through MSAL, which caches them
/// and renews them before expiry, so a turn normally pays nothing for its token.
/// </summary>
public sealed class MsalBotTokenProvider : IBotTokenProvider
{
    private readonly BotProtocolOptions _options;
    private readonly Lazy<IConfidentialClientApplication>? _confidential;
    private readonly Lazy<IManagedIdentityApplication>? _managed;

    public MsalBotTokenProvider(IOptions<BotProtocolOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (!_options.AuthenticationEnabled)
        {
            return;
        }

        if (_options.MicrosoftAppType == MicrosoftAppType.UserAssignedMSI)
        {
            _managed = new(() => ManagedIdentityApplicationBuilder
                .Create(ManagedIdentityId.WithUserAssignedClientId(_options.MicrosoftAppId!))
                .Build());
        }
        else
        {
            _confidential = new(() => ConfidentialClientApplicationBuilder
                .Create(_options.MicrosoftAppId)
                .WithClientSecret(_options.MicrosoftAppPassword)
                .WithAuthority(Authority)
                .Build());
        }
    }

    /// <summary>Multi-tenant bots get tokens from the botframework.com tenant; single-tenant ones from their own.</summary>
    public string Authority => _options.MicrosoftAppType == MicrosoftAppType.MultiTenant
        ? $"{_options.LoginEndpoint.TrimEnd('/')}/botframework.com"
        : $"{_options.LoginEndpoint.TrimEnd('/')}/{_options.MicrosoftAppTenantId}";

    public async Task<string?> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (_managed is not null)
        {
            var resource = _options.ConnectorScope.Replace("/.default", string.Empty, StringComparison.Ordinal);
            var result = await _managed.Value.AcquireTokenForManagedIdentity(resource)
                .WithForceRefresh(forceRefresh)
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return result.AccessToken;
        }

        if (_confidential is not null)
        {
            var result = await _confidential.Value.AcquireTokenForClient([_options.ConnectorScope])
                .WithForceRefresh(forceRefresh)
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return result.AccessToken;
        }

        return null;
    }
}
