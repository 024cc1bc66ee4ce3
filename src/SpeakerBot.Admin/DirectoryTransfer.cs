using System.Runtime.CompilerServices;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Coordinators;
using SpeakerBot.Storage.Import;

namespace SpeakerBot.Admin;

/// <summary>Import and export of the directory through the admin API, with the CLI's importer and exporter.</summary>
public sealed class DirectoryTransfer(AdminService admin, SpeakerImporter importer)
{
    /// <summary>
    /// Imports an uploaded CSV or JSONL file (upsert by id) or, with <paramref name="dryRun"/>, only checks it.
    /// National only: the importer writes whatever regions the file names.
    /// </summary>
    public async Task<AdminResult<ImportReport>> ImportAsync(Coordinator who, Stream upload, ImportFormat format, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (who.Role != CoordinatorRole.National)
        {
            return AdminError.Forbidden("L'import d'un fichier est réservé à la coordination nationale, car un fichier peut contenir toutes les régions ; créez ou modifiez les profils un par un.");
        }

        ImportReport report;
        try
        {
            report = await importer.ImportAsync(upload, format, new ImportOptions { DryRun = dryRun }, cancellationToken);
        }
        catch (ImportFileException exception)
        {
            return AdminError.Invalid("file", $"Rien n'a été importé : {exception.Message}.");
        }

        if (!dryRun)
        {
            await admin.AuditAsync(who.Actor, "speaker.import", "directory", null, new { report.Rows, report.Written, rejected = report.Rejected.Count, format }, cancellationToken);
        }

        return AdminResult<ImportReport>.Success(report);
    }

    /// <summary>Writes the speakers of her regions in the import format; contact details only when asked (and audited).</summary>
    public async Task<AdminResult<int>> ExportAsync(Coordinator who, Stream output, ImportFormat format, bool includeContact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var count = await new SpeakerExporter(new RegionScopedSpeakers(admin.Speakers, who)).ExportAsync(output, format, includeContact, cancellationToken);
        if (includeContact)
        {
            await admin.AuditAsync(who.Actor, "speaker.export-contacts", "directory", null, new { count, format }, cancellationToken);
        }

        return AdminResult<int>.Success(count);
    }

    /// <summary>The directory as one coordinator may read it: only her regions. Read-only.</summary>
    private sealed class RegionScopedSpeakers(ISpeakerStore inner, Coordinator who) : ISpeakerStore
    {
        public event EventHandler<SpeakersChangedEventArgs>? Changed
        {
            add { }
            remove { }
        }

        public async Task<Speaker?> GetAsync(string id, CancellationToken cancellationToken = default) =>
            await inner.GetAsync(id, cancellationToken) is { } speaker && who.Covers(speaker.Region) ? speaker : null;

        public Task<int> UpsertAsync(IReadOnlyCollection<Speaker> speakers, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public async Task<int> CountAsync(CancellationToken cancellationToken = default)
        {
            var count = 0;
            await foreach (var _ in ReadAllAsync(cancellationToken))
            {
                count++;
            }

            return count;
        }

        public async IAsyncEnumerable<Speaker> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var speaker in inner.ReadAllAsync(cancellationToken))
            {
                if (who.Covers(speaker.Region))
                {
                    yield return speaker;
                }
            }
        }
    }
}
