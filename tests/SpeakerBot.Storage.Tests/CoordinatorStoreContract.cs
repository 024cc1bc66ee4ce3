using Microsoft.Extensions.Time.Testing;
using SpeakerBot.Domain.Coordinators;

namespace SpeakerBot.Storage.Tests;

/// <summary>What every <see cref="ICoordinatorStore"/> must do; one subclass per provider.</summary>
public abstract class CoordinatorStoreContract : IDisposable
{
    private static readonly byte[] Hash = [1, 2, 3, 250];

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    protected abstract ICoordinatorStore Coordinators { get; }

    public abstract void Dispose();

    [StoreFact]
    public async Task An_added_coordinator_is_listed_with_her_token_hash_and_audited_without_it()
    {
        var added = await Coordinators.AddAsync(" Anne@Example.org ", CoordinatorRole.Regional, ["occitanie", "bretagne"], Hash, "cli:admin");

        var listed = Assert.Single(await Coordinators.ListAsync());
        var credential = await Coordinators.GetCredentialAsync(added.Id);
        var audit = Assert.Single(await Coordinators.ReadAuditAsync());

        Assert.Equal(("anne@example.org", CoordinatorRole.Regional, true, Time.GetUtcNow()), (listed.Email, listed.Role, listed.IsActive, listed.CreatedAt));
        Assert.Equal(["occitanie", "bretagne"], listed.Regions);
        Assert.Equal(Hash, credential!.TokenHash);
        Assert.Null(await Coordinators.GetCredentialAsync(added.Id + 100));
        Assert.Equal(("cli:admin", "coordinator.add", $"coordinator:{added.Id}"), (audit.Actor, audit.Action, audit.Target));
        Assert.Contains("anne@example.org", audit.AfterJson, StringComparison.Ordinal);
        Assert.DoesNotContain("token", audit.AfterJson, StringComparison.OrdinalIgnoreCase);
    }

    [StoreFact]
    public async Task A_revoked_token_stays_revoked_and_the_revocation_is_audited()
    {
        var anne = await Coordinators.AddAsync("anne@example.org", CoordinatorRole.National, [], Hash, "cli:admin");
        var paul = await Coordinators.AddAsync("paul@example.org", CoordinatorRole.Regional, ["bretagne"], Hash, "cli:admin");
        Time.Advance(TimeSpan.FromHours(1));

        var byEmail = await Coordinators.RevokeAsync("ANNE@example.org", "cli:admin");
        var byId = await Coordinators.RevokeAsync(paul.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "cli:admin");
        var again = await Coordinators.RevokeAsync("anne@example.org", "cli:admin");

        Assert.Equal((anne.Id, Time.GetUtcNow()), (byEmail!.Id, byEmail.RevokedAt));
        Assert.Equal(paul.Id, byId!.Id);
        Assert.Null(again);
        Assert.All(await Coordinators.ListAsync(), c => Assert.False(c.IsActive));
        Assert.False((await Coordinators.GetCredentialAsync(anne.Id))!.Coordinator.IsActive);
        var revocations = (await Coordinators.ReadAuditAsync("coordinator:")).Where(e => e.Action == "coordinator.revoke").ToList();
        Assert.Equal([$"coordinator:{paul.Id}", $"coordinator:{anne.Id}"], revocations.Select(e => e.Target));
        Assert.All(revocations, e => Assert.NotNull(e.BeforeJson));
    }

    [StoreFact]
    public async Task An_update_changes_role_and_regions_of_an_active_coordinator_only_and_is_audited_with_before_and_after()
    {
        var anne = await Coordinators.AddAsync("anne@example.org", CoordinatorRole.Regional, ["bretagne"], Hash, "cli:admin");
        var paul = await Coordinators.AddAsync("paul@example.org", CoordinatorRole.Regional, ["corse"], Hash, "cli:admin");
        await Coordinators.RevokeAsync("paul@example.org", "cli:admin");

        var updated = await Coordinators.UpdateAsync(anne.Id, CoordinatorRole.Regional, ["occitanie", "normandie"], "coordinator:9:nat@example.org");
        var national = await Coordinators.UpdateAsync(anne.Id, CoordinatorRole.National, [], "coordinator:9:nat@example.org");
        var revoked = await Coordinators.UpdateAsync(paul.Id, CoordinatorRole.National, [], "coordinator:9:nat@example.org");

        Assert.Equal(["occitanie", "normandie"], updated!.Regions);
        Assert.Null(revoked);
        var stored = (await Coordinators.GetCredentialAsync(anne.Id))!.Coordinator;
        Assert.Equal((CoordinatorRole.National, 0), (stored.Role, stored.Regions.Count));
        Assert.Equal(Hash, (await Coordinators.GetCredentialAsync(anne.Id))!.TokenHash);
        Assert.Equal(CoordinatorRole.National, national!.Role);
        Assert.Equal(["corse"], (await Coordinators.GetCredentialAsync(paul.Id))!.Coordinator.Regions);
        var updates = (await Coordinators.ReadAuditAsync($"coordinator:{anne.Id}")).Where(e => e.Action == "coordinator.update").ToList();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, e => Assert.Equal("coordinator:9:nat@example.org", e.Actor));
        Assert.Contains("bretagne", updates[^1].BeforeJson, StringComparison.Ordinal);
        Assert.Contains("normandie", updates[^1].AfterJson, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task The_audit_log_reads_newest_first_filtered_by_target_and_dated_by_the_clock_when_undated()
    {
        await Coordinators.AppendAuditAsync(new AuditEntry { Actor = "coordinator:1:anne@example.org", Action = "speaker.approve", Target = "speaker:sp-1" });
        Time.Advance(TimeSpan.FromMinutes(5));
        await Coordinators.AppendAuditAsync(new AuditEntry { Actor = "system", Action = "booking.expire", Target = "booking:HD-2026-0001", At = Time.GetUtcNow() });
        await Coordinators.AppendAuditAsync(new AuditEntry { Actor = "coordinator:1:anne@example.org", Action = "speaker.update", Target = "speaker:sp-2", BeforeJson = "{}", AfterJson = """{"city":"Brest"}""" });

        var speakers = await Coordinators.ReadAuditAsync("speaker:");
        var newest = await Coordinators.ReadAuditAsync(take: 1);

        Assert.Equal(["speaker.update", "speaker.approve"], speakers.Select(e => e.Action));
        Assert.Equal(Time.GetUtcNow().AddMinutes(-5), speakers[1].At);
        Assert.Equal(("{}", """{"city":"Brest"}"""), (speakers[0].BeforeJson, speakers[0].AfterJson));
        Assert.Equal(["speaker:sp-2"], newest.Select(e => e.Target));
    }
}
