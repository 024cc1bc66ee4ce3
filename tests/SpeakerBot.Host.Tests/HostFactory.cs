using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SpeakerBot.Host.Tests;

/// <summary>The real host (Program.cs and everything it wires) on a real Kestrel socket, with its own SQLite file.</summary>
public sealed class HostFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "speakerbot-host-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;

    public HostFactory(Dictionary<string, string?>? settings = null)
    {
        Directory.CreateDirectory(_folder);
        _settings = settings ?? [];
        UseKestrel(0);
    }

    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        }
    }

    /// <summary>Extra registrations after the host's own (a log capture, a stub).</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    public HttpClient CreateRealClient() => new() { BaseAddress = ServerAddress, Timeout = TimeSpan.FromSeconds(30) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Storage:DataRoot", _folder);
        builder.UseSetting("Storage:SqlitePath", Path.Combine(_folder, "speakerbot.db"));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (ExtraServices is not null)
        {
            builder.ConfigureServices(ExtraServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
