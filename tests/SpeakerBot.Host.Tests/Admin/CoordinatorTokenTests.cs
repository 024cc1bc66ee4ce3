using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SpeakerBot.Admin;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Host.Tests.Admin;

public sealed class CoordinatorTokenTests : IAsyncLifetime
{
    private readonly AdminHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Token_is_accepted_until_revoked_then_refused_with_a_problem()
    {
        var token = await _host.TokenAsync("nadia@reseau.example", CoordinatorRole.Regional, "occitanie");
        using var client = _host.Client(token);

        var me = await client.GetAsync(new Uri("api/admin/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var json = await AdminHost.JsonAsync(me);
        Assert.Equal("nadia@reseau.example", json.GetProperty("email").GetString());
        Assert.Equal("occitanie", json.GetProperty("regions")[0].GetString());

        var revoked = await _host.Services.GetRequiredService<CoordinatorService>().RevokeAsync("nadia@reseau.example", "test");
        Assert.NotNull(revoked);

        var after = await client.GetAsync(new Uri("api/admin/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
        Assert.Contains("révoqué", (await AdminHost.JsonAsync(after)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_with_a_wrong_secret_or_none_is_refused()
    {
        var token = await _host.TokenAsync("lea@reseau.example", CoordinatorRole.National);
        var tampered = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        using var wrong = _host.Client(tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("api/admin/me", UriKind.Relative))).StatusCode);
        using var none = _host.Client();
        var missing = await none.GetAsync(new Uri("api/admin/speakers", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("Authorization: Bearer", (await AdminHost.JsonAsync(missing)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_is_stored_only_as_its_sha256_hash()
    {
        var token = await _host.TokenAsync("ines@reseau.example", CoordinatorRole.National);
        Assert.True(CoordinatorTokens.TryParse(token, out _, out var secret));

        using var connection = _host.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash FROM coordinators WHERE email = 'ines@reseau.example'";
        var stored = (byte[])command.ExecuteScalar()!;
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(secret)), stored);

        // Nowhere in the database, audit log included, does the clear token or secret appear.
        Assert.DoesNotContain(DatabaseText.All(_host.Database), text => text.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Add_and_revoke_each_write_an_audit_entry()
    {
        await _host.TokenAsync("sofia@reseau.example", CoordinatorRole.Regional, "bretagne", "normandie");
        var service = _host.Services.GetRequiredService<CoordinatorService>();
        await service.RevokeAsync("sofia@reseau.example", "cli:test");

        var entries = await _host.Services.GetRequiredService<ICoordinatorStore>().ReadAuditAsync("coordinator:");
        var revoke = Assert.Single(entries, e => e.Action == "coordinator.revoke");
        Assert.Equal("cli:test", revoke.Actor);
        Assert.Contains("\"revokedAt\":null", revoke.BeforeJson, StringComparison.Ordinal);
        Assert.DoesNotContain("\"revokedAt\":null", revoke.AfterJson, StringComparison.Ordinal);
        var add = Assert.Single(entries, e => e.Action == "coordinator.add");
        Assert.Contains("normandie", add.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_regional_without_region_is_refused_naming_the_field()
    {
        var result = await _host.Services.GetRequiredService<CoordinatorService>().AddAsync("x@reseau.example", "regional", [], "test");

        Assert.False(result.Ok);
        Assert.Equal("region", result.Error!.Field);
        Assert.Empty(await _host.Services.GetRequiredService<CoordinatorService>().ListAsync());
    }
}
