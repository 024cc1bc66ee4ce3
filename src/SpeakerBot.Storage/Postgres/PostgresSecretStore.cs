using Npgsql;
using SpeakerBot.Domain.Instances;

namespace SpeakerBot.Storage.Postgres;

/// <summary>
/// Generated secrets in booking_secrets, the table the booking store's links use too: the first instance to store a
/// value wins, and every instance reads that one.
/// </summary>
public sealed class PostgresSecretStore(NpgsqlDataSource dataSource) : ISecretStore
{
    public async Task<string> GetOrCreateSecretAsync(string name, Func<string> create, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        await using (var insert = dataSource.CreateCommand("INSERT INTO booking_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING"))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = create() });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // A separate statement: it sees the row of whichever instance inserted first, even one that committed meanwhile.
        await using var select = dataSource.CreateCommand("SELECT value FROM booking_secrets WHERE name = $1");
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return (string)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
