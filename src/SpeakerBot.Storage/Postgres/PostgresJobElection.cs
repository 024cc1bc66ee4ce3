using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using SpeakerBot.Domain.Instances;

namespace SpeakerBot.Storage.Postgres;

/// <summary>
/// One runner at a time among every instance on the database: a session advisory lock per job, held on its own
/// connection for the run. An instance that dies drops its connection, and with it the lock, so the next round
/// elects another one.
/// </summary>
public sealed class PostgresJobElection(NpgsqlDataSource dataSource) : IJobElection
{
    public async Task<IAsyncDisposable?> TryLeadAsync(string job, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(job);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new Lease(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>A stable 64-bit key per job name, in its own range ("job:" prefix) apart from the migrations' lock.</summary>
    public static long KeyOf(string job) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("speakerbot-job:" + job)));

    private sealed class Lease(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
                unlock.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
                await unlock.ExecuteScalarAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and the server released the lock with its session.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
