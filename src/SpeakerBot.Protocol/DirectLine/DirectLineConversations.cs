using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;
using SpeakerBot.Domain.Instances;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>
/// The live Direct Line conversations. Each one's identity (user, next watermark) is also saved in the state store,
/// so a conversation evicted from memory, or alive across a restart with a configured signing key, resumes.
/// With a shared <see cref="IDirectLineStore"/> (several instances on PostgreSQL) the store keeps identity and
/// transcript, and its backplane brings what another instance appended to this one's polls and sockets.
/// </summary>
public sealed partial class DirectLineConversations
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _live = new(StringComparer.Ordinal);
    private readonly IStateStore _store;
    private readonly IDirectLineStore? _shared;
    private readonly DirectLineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DirectLineConversations(IStateStore store, IOptions<DirectLineOptions> options, TimeProvider time, IDirectLineStore? shared = null, ILogger<DirectLineConversations>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _time = time;
        _shared = shared;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        if (_shared is not null)
        {
            _shared.Appended += OnAppended;
        }
    }

    /// <summary>True when the transcript lives in a store every instance shares.</summary>
    public bool Shared => _shared is not null;

    /// <summary>How many activities before the end a conversation loaded from the shared store keeps (then its byte budget applies).</summary>
    private const long LoadWindow = 256;

    public int LiveCount => _live.Count;

    public static string NewId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static string NewUserId() => "dl_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9));

    /// <summary>Our ids are base64url; anything else (slashes, dots, escapes) cannot name a conversation.</summary>
    public static bool IsWellFormedId(string? id) => id is not null && IdPattern().IsMatch(id);

    public DirectLineConversation Create(string conversationId, string userId)
    {
        var conversation = New(conversationId, userId, 0);
        return _live.GetOrAdd(conversationId, conversation);
    }

    /// <summary>Creates the conversation (in the shared store too, where another instance may have created it first).</summary>
    public async Task<DirectLineConversation> CreateAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        if (_shared is null)
        {
            return Create(conversationId, userId);
        }

        var record = await _shared.CreateAsync(conversationId, userId, cancellationToken).ConfigureAwait(false);
        return await LoadAsync(record, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(conversationId))
        {
            return null;
        }

        if (_live.TryGetValue(conversationId, out var live))
        {
            live.LastUsedTicks = _time.GetUtcNow().UtcTicks;
            return live;
        }

        if (_shared is not null)
        {
            var record = await _shared.FindAsync(conversationId, cancellationToken).ConfigureAwait(false);
            return record is null ? null : await LoadAsync(record, cancellationToken).ConfigureAwait(false);
        }

        var json = await _store.LoadAsync(StoreKey(conversationId), cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        using var saved = JsonDocument.Parse(json);
        var restored = New(conversationId, saved.RootElement.GetProperty("user").GetString()!, saved.RootElement.GetProperty("next").GetInt64());
        restored.MarkStarted();
        return _live.GetOrAdd(conversationId, restored);
    }

    /// <summary>Saves the conversation's identity when its sequence reservation moved on (every ~128 activities).</summary>
    public Task SaveIfNeededAsync(DirectLineConversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (_shared is not null || !conversation.TryExtendReservation(out var reserved))
        {
            return Task.CompletedTask;
        }

        var json = JsonSerializer.Serialize(new SavedConversation(conversation.UserId, reserved), SavedJson.Default.SavedConversation);
        return _store.SaveAsync(StoreKey(conversation.Id), json, cancellationToken);
    }

    /// <summary>Like the Direct Line service, which keeps activities for 24 hours: a shared transcript idle longer is deleted.</summary>
    public static readonly TimeSpan SharedTranscriptRetention = TimeSpan.FromHours(24);

    /// <summary>Deletes shared transcripts idle past <see cref="SharedTranscriptRetention"/>; nothing to do in memory (eviction does it).</summary>
    public Task<int> ForgetIdleTranscriptsAsync(CancellationToken cancellationToken) =>
        _shared is null ? Task.FromResult(0) : _shared.ForgetIdleTranscriptsAsync(_time.GetUtcNow() - SharedTranscriptRetention, cancellationToken);

    /// <summary>Drops conversations idle longer than the timeout and nobody listens to; returns how many left memory.</summary>
    public int EvictIdle()
    {
        var cutoff = (_time.GetUtcNow() - _options.IdleTimeout).UtcTicks;
        var evicted = 0;
        foreach (var (id, conversation) in _live)
        {
            if (conversation.LastUsedTicks < cutoff && Volatile.Read(ref conversation.Waiters) == 0 && _live.TryRemove(id, out _))
            {
                evicted++;
            }
        }

        return evicted;
    }

    private DirectLineConversation New(string id, string userId, long nextSeq) =>
        new(id, userId, nextSeq, _options.MaxTranscriptBytes, _options.ActivityBurst, _shared) { LastUsedTicks = _time.GetUtcNow().UtcTicks };

    /// <summary>The tail of a stored transcript, within the usual byte budget: a client reconnecting here after its instance died gets it replayed.</summary>
    private async Task<DirectLineConversation> LoadAsync(DirectLineRecord record, CancellationToken cancellationToken)
    {
        if (_live.TryGetValue(record.ConversationId, out var live))
        {
            return live;
        }

        var rows = await _shared!.ReadAsync(record.ConversationId, Math.Max(0, record.NextSequence - LoadWindow), cancellationToken).ConfigureAwait(false);
        var conversation = New(record.ConversationId, record.UserId, rows.Count > 0 ? rows[0].Sequence : record.NextSequence);
        if (record.Started)
        {
            conversation.MarkStarted();
        }

        conversation.Add(rows);
        var kept = _live.GetOrAdd(record.ConversationId, conversation);

        // An append between the read and the insert into _live raised no sync here: catch up once.
        await kept.SyncAsync(cancellationToken).ConfigureAwait(false);
        return kept;
    }

    /// <summary>The backplane: another instance (or this one) appended; conversations this instance holds catch up.</summary>
    private void OnAppended(object? sender, string? conversationId)
    {
        if (conversationId is null)
        {
            foreach (var conversation in _live.Values)
            {
                _ = CatchUpAsync(conversation);
            }
        }
        else if (_live.TryGetValue(conversationId, out var conversation))
        {
            _ = CatchUpAsync(conversation);
        }
    }

    /// <summary>Reads what other instances appended (nothing to do in memory); on a store fault, logs and serves what is cached.</summary>
    internal async Task CatchUpAsync(DirectLineConversation conversation)
    {
        if (_shared is null)
        {
            return;
        }

        try
        {
            await conversation.SyncAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The next notice, or the client's next poll after a reconnect, catches up; nothing is lost in the store.
            Log.DirectLineCatchUpFailed(_logger, ex, conversation.Id);
        }
    }

    private static string StoreKey(string conversationId) => $"directline/conversations/{conversationId}";

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

internal sealed record SavedConversation(string User, long Next);

[System.Text.Json.Serialization.JsonSerializable(typeof(SavedConversation))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class SavedJson : System.Text.Json.Serialization.JsonSerializerContext;
