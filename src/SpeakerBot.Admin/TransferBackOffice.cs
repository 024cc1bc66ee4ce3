using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Admin;

/// <summary>A checked upload waiting to be applied: its token and the dry run's report.</summary>
public sealed record StagedImport(string Token, string FileName, ImportReport Report);

/// <summary>
/// The back-office's import in two steps: the dry run keeps the uploaded bytes server-side (state store, under a random
/// token bound to the coordinator) and shows the line-numbered report; "apply" imports exactly those bytes, so what the
/// report accepted is what is written, without uploading again. Export writes the list's current filter as CSV with
/// the product's one CSV writer (formula-like cells neutralised, decision 091).
/// </summary>
public sealed class TransferBackOffice(DirectoryTransfer transfer, SpeakerBackOffice speakers, IStateStore state, TimeProvider time)
{
    /// <summary>Largest upload accepted (a directory of about 20 000 profiles).</summary>
    public const int MaxUploadBytes = 10 * 1024 * 1024;

    private const string KeyPrefix = "backoffice/import/";

    /// <summary>A staged upload is kept this long; applying later asks for the file again.</summary>
    public static readonly TimeSpan StagingLifetime = TimeSpan.FromHours(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<AdminResult<StagedImport>> DryRunAsync(Coordinator who, string fileName, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(content);
        var format = FormatOf(fileName);
        if (format is null)
        {
            return AdminError.Invalid("file", $"« {fileName} » n'est ni un fichier .csv ni un fichier .jsonl : choisissez un export CSV (séparateur , ou ;) ou JSONL.");
        }

        if (content.Length == 0)
        {
            return AdminError.Invalid("file", "Le fichier est vide : choisissez un fichier CSV ou JSONL contenant des profils.");
        }

        if (content.Length > MaxUploadBytes)
        {
            return AdminError.Invalid("file", $"Le fichier fait {content.Length / 1024 / 1024} Mo ; au plus {MaxUploadBytes / 1024 / 1024} Mo sont acceptés. Découpez-le en plusieurs fichiers.");
        }

        using var stream = new MemoryStream(content, writable: false);
        var report = await transfer.ImportAsync(who, stream, format.Value, dryRun: true, cancellationToken);
        if (!report.Ok)
        {
            return report.Error!;
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var staged = new Staged(who.Id, Path.GetFileName(fileName), format.Value, Convert.ToBase64String(content), time.GetUtcNow());
        await state.SaveAsync(KeyPrefix + token, JsonSerializer.Serialize(staged, Json), cancellationToken);
        return AdminResult<StagedImport>.Success(new StagedImport(token, staged.FileName, report.Value!));
    }

    /// <summary>Imports the staged bytes (once): the token must be hers and not expired.</summary>
    public async Task<AdminResult<StagedImport>> ApplyAsync(Coordinator who, string? token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (string.IsNullOrWhiteSpace(token) || token.Length != 32 || !token.All(char.IsAsciiHexDigitLower))
        {
            return Expired();
        }

        var json = await state.LoadAsync(KeyPrefix + token, cancellationToken);
        var staged = json is null ? null : JsonSerializer.Deserialize<Staged>(json, Json);
        if (staged is null || staged.CoordinatorId != who.Id || time.GetUtcNow() - staged.At > StagingLifetime)
        {
            return Expired();
        }

        // Deleted first: a double click applies once, the second sees "expired" (an upsert twice would be harmless anyway).
        await state.DeleteAsync(KeyPrefix + token, cancellationToken);
        using var stream = new MemoryStream(Convert.FromBase64String(staged.Content), writable: false);
        var report = await transfer.ImportAsync(who, stream, staged.Format, dryRun: false, cancellationToken);
        return report.Ok ? AdminResult<StagedImport>.Success(new StagedImport(token, staged.FileName, report.Value!)) : report.Error!;
    }

    /// <summary>The speakers of the list's filter as CSV (no contact details); returns how many rows.</summary>
    public async Task<AdminResult<int>> ExportAsync(Coordinator who, SpeakerListQuery query, Stream output, CancellationToken cancellationToken = default)
    {
        var all = await speakers.AllAsync(who, query, cancellationToken);
        if (!all.Ok)
        {
            return all.Error!;
        }

        var count = await new SpeakerExporter(new ListedSpeakers(all.Value!)).ExportAsync(output, ImportFormat.Csv, includeContact: false, cancellationToken);
        return AdminResult<int>.Success(count);
    }

    public static ImportFormat? FormatOf(string? fileName) => Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant() switch
    {
        ".csv" or ".tsv" or ".txt" => ImportFormat.Csv,
        ".jsonl" or ".ndjson" or ".json" => ImportFormat.Jsonl,
        _ => null,
    };

    private static AdminError Expired() =>
        AdminError.Invalid("file", "Ce fichier vérifié n'est plus disponible (déjà importé, expiré après 2 heures, ou vérifié par une autre personne) : déposez-le à nouveau.");

    private sealed record Staged(long CoordinatorId, string FileName, ImportFormat Format, string Content, DateTimeOffset At);

    /// <summary>A fixed list read as a directory, for the exporter. Read-only.</summary>
    private sealed class ListedSpeakers(IReadOnlyList<Speaker> speakers) : ISpeakerStore
    {
        public event EventHandler<SpeakersChangedEventArgs>? Changed
        {
            add { }
            remove { }
        }

        public Task<Speaker?> GetAsync(string id, CancellationToken cancellationToken = default) =>
            Task.FromResult(speakers.FirstOrDefault(s => s.Id == id));

        public Task<int> UpsertAsync(IReadOnlyCollection<Speaker> speakers, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<int> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(speakers.Count);

        public async IAsyncEnumerable<Speaker> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            foreach (var speaker in speakers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return speaker;
            }
        }
    }
}
