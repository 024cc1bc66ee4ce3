using System.Net;
using Microsoft.Extensions.Options;

namespace SpeakerBot.Host;

/// <summary>How the service runs in production (section <c>Operations</c>): request logs, HTTPS.</summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Operations";
    public const int DefaultHttpsPort = 443;
    public const int DefaultHstsMaxAgeDays = 365;

    /// <summary>One line per HTTP request (method, path, status, duration; never headers or bodies).</summary>
    public bool RequestLogging { get; set; }

    /// <summary>Redirect plain HTTP to HTTPS (behind a proxy, once forwarded headers say which scheme the visitor used).</summary>
    public bool HttpsRedirection { get; set; }

    /// <summary>Port of the public HTTPS address the redirection points to.</summary>
    public int HttpsPort { get; set; } = DefaultHttpsPort;

    /// <summary>Send Strict-Transport-Security on HTTPS answers (not to localhost).</summary>
    public bool Hsts { get; set; }

    public int HstsMaxAgeDays { get; set; } = DefaultHstsMaxAgeDays;
}

/// <summary>
/// Which reverse proxies may tell the real client address and scheme (section <c>ForwardedHeaders</c>). Empty: the
/// X-Forwarded-* headers are ignored, since anyone could send them.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies (nginx on the same machine: 127.0.0.1).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form (Azure App Service front ends, a Kubernetes ingress…).</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row are trusted, from the nearest.</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

internal sealed class OperationsOptionsValidator : IValidateOptions<OperationsOptions>, IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, OperationsOptions options)
    {
        var failures = new List<string>();
        if (options.HttpsPort is < 1 or > 65535)
        {
            failures.Add($"Operations:HttpsPort must be a port between 1 and 65535 (got {options.HttpsPort}).");
        }

        if (options.HstsMaxAgeDays is < 1 or > 3650)
        {
            failures.Add($"Operations:HstsMaxAgeDays must be between 1 and 3650 days (got {options.HstsMaxAgeDays}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add($"ForwardedHeaders:KnownProxies:{i} must be an IP address such as 10.0.0.4 (got '{options.KnownProxies[i]}').");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Length; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                failures.Add($"ForwardedHeaders:KnownNetworks:{i} must be a network in CIDR form such as 10.0.0.0/8 (got '{options.KnownNetworks[i]}').");
            }
        }

        if (options.ForwardLimit is < 1 or > 10)
        {
            failures.Add($"ForwardedHeaders:ForwardLimit must be between 1 and 10 (got {options.ForwardLimit}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
