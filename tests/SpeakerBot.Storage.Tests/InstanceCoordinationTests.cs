using Npgsql;
using SpeakerBot.Storage.Instances;
using SpeakerBot.Storage.Postgres;

namespace SpeakerBot.Storage.Tests;

/// <summary>Two "instances" (each its own connection pool) on one PostgreSQL database: who runs the jobs, which secret wins.</summary>
public sealed class InstanceCoordinationTests : IPostgresContract, IDisposable
{
    private readonly Lazy<PostgresTestDatabase> _database = new(() => new PostgresTestDatabase());

    public void Dispose()
    {
        if (_database.IsValueCreated)
        {
            _database.Value.Dispose();
        }
    }

    [StoreFact]
    public async Task Job_election_grants_one_runner_at_a_time_and_another_once_the_first_is_done()
    {
        var first = new PostgresJobElection(_database.Value.Open().DataSource);
        var second = new PostgresJobElection(_database.Value.Open().DataSource);

        var lease = await first.TryLeadAsync("outbox-sender");
        Assert.NotNull(lease);
        Assert.Null(await second.TryLeadAsync("outbox-sender"));
        await using (var other = await second.TryLeadAsync("retention"))
        {
            Assert.NotNull(other);
        }

        await lease.DisposeAsync();
        await using var next = await second.TryLeadAsync("outbox-sender");
        Assert.NotNull(next);
    }

    [StoreFact]
    public async Task Job_election_passes_to_another_instance_when_the_leader_dies_mid_run()
    {
        var leader = new PostgresJobElection(_database.Value.Open().DataSource);
        var standby = new PostgresJobElection(_database.Value.Open().DataSource);
        var lease = await leader.TryLeadAsync("booking-lifecycle");
        Assert.NotNull(lease);
        Assert.Null(await standby.TryLeadAsync("booking-lifecycle"));

        // The leader's process is killed: the server ends its session, and the advisory lock with it. Only sessions
        // of this test's own database: other tests (migrations) hold advisory locks in theirs at the same time.
        await using (var admin = new NpgsqlConnection(_database.Value.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", admin);
            await kill.ExecuteNonQueryAsync();
        }

        // The server ends the session a moment after pg_terminate_backend returns: the standby's next rounds take over.
        IAsyncDisposable? next = null;
        for (var round = 0; round < 50 && next is null; round++)
        {
            next = await standby.TryLeadAsync("booking-lifecycle");
            if (next is null)
            {
                await Task.Delay(100);
            }
        }

        await using var taken = next;
        Assert.NotNull(taken);
        await lease.DisposeAsync();
    }

    [StoreFact]
    public async Task A_secret_generated_by_one_instance_is_the_one_every_instance_reads()
    {
        var first = new PostgresSecretStore(_database.Value.Open().DataSource);
        var second = new PostgresSecretStore(_database.Value.Open().DataSource);

        var made = await first.GetOrCreateSecretAsync("directline-token-key", () => "made-by-first");
        var read = await second.GetOrCreateSecretAsync("directline-token-key", () => "made-by-second");

        Assert.Equal("made-by-first", made);
        Assert.Equal("made-by-first", read);
    }
}

public sealed class LocalJobElectionTests
{
    [Fact]
    public async Task A_job_runs_once_at_a_time_in_the_process_and_again_after()
    {
        var election = new LocalJobElection();
        var lease = await election.TryLeadAsync("retention");
        Assert.NotNull(lease);
        Assert.Null(await election.TryLeadAsync("retention"));

        await lease.DisposeAsync();
        await using var again = await election.TryLeadAsync("retention");
        Assert.NotNull(again);
    }
}
