using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SpeakerBot.Domain;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>
/// The live Direct Line conversations. Each one's identity (user, next watermark) is also saved in the state store,
/// so a conversation evicted from memory, or alive across a restart with a configured signing key, resumes.
/// </summary>
public sealed partial class DirectLineConversations(IStateStore store, IOptions<DirectLineOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _live = new(StringComparer.Ordinal);
    private readonly DirectLineOptions _options = options.Value;

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

    public async Task<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(conversationId))
        {
            return null;
        }

        if (_live.TryGetValue(conversationId, out var live))
        {
            live.LastUsedTicks = time.GetUtcNow().UtcTicks;
            return live;
        }

        var json = await store.LoadAsync(StoreKey(conversationId), cancellationToken).ConfigureAwait(false);
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
        if (!conversation.TryExtendReservation(out var reserved))
        {
            return Task.CompletedTask;
        }

        var json = JsonSerializer.Serialize(new SavedConversation(conversation.UserId, reserved), SavedJson.Default.SavedConversation);
        return store.SaveAsync(StoreKey(conversation.Id), json, cancellationToken);
    }

    /// <summary>Drops conversations idle longer than the timeout and nobody listens to; returns how many left memory.</summary>
    public int EvictIdle()
    {
        var cutoff = (time.GetUtcNow() - _options.IdleTimeout).UtcTicks;
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
        new(id, userId, nextSeq, _options.MaxTranscriptBytes, _options.ActivityBurst) { LastUsedTicks = time.GetUtcNow().UtcTicks };

    private static string StoreKey(string conversationId) => $"directline/conversations/{conversationId}";

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

internal sealed record SavedConversation(string User, long Next);

[System.Text.Json.Serialization.JsonSerializable(typeof(SavedConversation))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class SavedJson : System.Text.Json.Serialization.JsonSerializerContext;
