using SpeakerBot.Storage.Sqlite;

namespace SpeakerBot.Host.Tests.Admin;

/// <summary>Every text value of every table of the database, to prove something is (or is not) stored anywhere.</summary>
internal static class DatabaseText
{
    public static IReadOnlyList<string> All(SqliteDatabase database)
    {
        using var connection = database.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var texts = new List<string>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i) && reader.GetValue(i) is string text)
                    {
                        texts.Add($"{table}: {text}");
                    }
                }
            }
        }

        return texts;
    }
}
