using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>The upload would exceed <see cref="DirectLineOptions.MaxUploadBytes"/>.</summary>
public sealed class UploadTooLargeException(long limit) : Exception($"The upload is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}

public sealed record StoredUpload(string Path, string ContentType, string? Name, long Length);

/// <summary>
/// Files uploaded through <c>POST …/upload</c>, on disk under one folder per conversation, served back by an
/// unguessable id (Web Chat shows them with a plain &lt;img src&gt;, which cannot carry a token) until they expire.
/// </summary>
public sealed class DirectLineUploads(IOptions<DirectLineOptions> options, TimeProvider time)
{
    private const string DataSuffix = ".bin";
    private const string MetadataSuffix = ".json";
    private readonly string _root = options.Value.ResolvedUploadDirectory;
    private readonly TimeSpan _retention = options.Value.UploadRetention;

    /// <summary>Copies <paramref name="content"/> to a new file; throws <see cref="UploadTooLargeException"/> (and keeps nothing) past <paramref name="budget"/> bytes.</summary>
    public async Task<(string Id, long Length)> SaveAsync(
        string conversationId, string contentType, string? name, Stream content, long budget, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var folder = Folder(conversationId);
        Directory.CreateDirectory(folder);
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var data = Path.Combine(folder, id + DataSuffix);
        long length = 0;
        try
        {
            await using (var file = new FileStream(data, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > budget)
                    {
                        throw new UploadTooLargeException(limit);
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            var metadata = JsonSerializer.SerializeToUtf8Bytes(new UploadMetadata(contentType, name, time.GetUtcNow()), UploadJson.Default.UploadMetadata);
            await File.WriteAllBytesAsync(Path.Combine(folder, id + MetadataSuffix), metadata, cancellationToken).ConfigureAwait(false);
            return (id, length);
        }
        catch
        {
            Delete(conversationId, id);
            throw;
        }
    }

    /// <summary>The stored file, or null when the id is unknown, malformed or expired.</summary>
    public StoredUpload? Find(string conversationId, string id)
    {
        if (!DirectLineConversations.IsWellFormedId(conversationId) || !DirectLineConversations.IsWellFormedId(id))
        {
            return null;
        }

        var data = new FileInfo(Path.Combine(Folder(conversationId), id + DataSuffix));
        var metadataPath = Path.Combine(Folder(conversationId), id + MetadataSuffix);
        if (!data.Exists || !File.Exists(metadataPath))
        {
            return null;
        }

        var metadata = ReadMetadata(metadataPath);
        return metadata is null || IsExpired(metadata.Created) ? null : new StoredUpload(data.FullName, metadata.ContentType, metadata.Name, data.Length);
    }

    public void Delete(string conversationId, string id)
    {
        foreach (var suffix in new[] { DataSuffix, MetadataSuffix })
        {
            try
            {
                File.Delete(Path.Combine(Folder(conversationId), id + suffix));
            }
            catch (IOException)
            {
                // Left for the expiry sweep.
            }
        }
    }

    /// <summary>Deletes files past their retention and the folders they leave empty; returns how many files went.</summary>
    public int DeleteExpired()
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var folder in Directory.EnumerateDirectories(_root))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*" + DataSuffix))
            {
                try
                {
                    var metadataPath = Path.ChangeExtension(file, MetadataSuffix);
                    var created = (File.Exists(metadataPath) ? ReadMetadata(metadataPath)?.Created : null) ?? File.GetLastWriteTimeUtc(file);
                    if (IsExpired(created))
                    {
                        File.Delete(metadataPath);
                        File.Delete(file);
                        deleted++;
                    }
                }
                catch (IOException)
                {
                    // Being written or read right now; next sweep.
                }
            }

            try
            {
                if (!Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
            catch (IOException)
            {
                // A new upload arrived in between.
            }
        }

        return deleted;
    }

    private bool IsExpired(DateTimeOffset created) => time.GetUtcNow() - created > _retention;

    private static UploadMetadata? ReadMetadata(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), UploadJson.Default.UploadMetadata);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Conversation ids are checked to be base64url before they get here, so they cannot climb out of the root.
    private string Folder(string conversationId) =>
        DirectLineConversations.IsWellFormedId(conversationId)
            ? Path.Combine(_root, conversationId)
            : throw new ArgumentException("Not a conversation id.", nameof(conversationId));
}

internal sealed record UploadMetadata(string ContentType, string? Name, DateTimeOffset Created);

[JsonSerializable(typeof(UploadMetadata))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class UploadJson : JsonSerializerContext;
