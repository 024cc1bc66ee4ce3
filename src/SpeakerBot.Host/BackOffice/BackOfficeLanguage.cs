namespace SpeakerBot.Host.BackOffice;

/// <summary>French first; English when ?lang=en (remembered in a cookie) or when the browser prefers English to French.</summary>
public static class BackOfficeLanguage
{
    public const string CookieName = "sb_lang";

    public static string Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (Known(http.Request.Query["lang"].ToString()) is { } asked)
        {
            return asked;
        }

        if (Known(http.Request.Cookies[CookieName]) is { } remembered)
        {
            return remembered;
        }

        var preferred = http.Request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is "fr" or "en");
        return preferred ?? "fr";
    }

    internal static async Task RememberAsync(HttpContext http, Func<Task> next)
    {
        if (http.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase) && Known(http.Request.Query["lang"].ToString()) is { } asked)
        {
            http.Response.Cookies.Append(CookieName, asked, new CookieOptions
            {
                Path = "/admin",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
        }

        await next();
    }

    private static string? Known(string? lang) => lang?.Trim().ToLowerInvariant() switch
    {
        "fr" => "fr",
        "en" => "en",
        _ => null,
    };
}
