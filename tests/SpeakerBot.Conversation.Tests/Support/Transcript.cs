using System.Globalization;
using System.Text;
using SpeakerBot.Domain;

namespace SpeakerBot.Conversation.Tests.Support;

/// <summary>
/// Replays a transcript file of dialogs/transcripts (format in dialogs/transcripts/README.md) against a real engine
/// and reports the first difference as file:line with what the bot actually said.
/// </summary>
internal static partial class Transcript
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(1));

    /// <summary>Replays a transcript; the first difference throws <see cref="TranscriptMismatchException"/>.</summary>
    public static Task ReplayAsync(string path) => ReplayAsync(path, strict: true);

    /// <param name="strict">
    /// Every user turn must be followed by at least one expectation, so a transcript or a scenario cannot pass by
    /// saying nothing about a turn.
    /// </param>
    public static async Task ReplayAsync(string path, bool strict)
    {
        var name = Path.GetFileName(path);
        using var world = await ConversationWorld.CreateAsync(DefaultNow);
        var locale = "fr-FR";
        var conversation = "test/" + Path.GetFileNameWithoutExtension(path);
        var user = "teacher";
        IReadOnlyList<BotMessage> last = [];
        var lineNumber = 0;
        string? turnWithoutExpectation = null;
        void RequireChecked()
        {
            if (strict && turnWithoutExpectation is not null)
            {
                throw new TranscriptMismatchException($"{turnWithoutExpectation}: a user turn with no expectation after it (add a \"<\" line saying what the bot should do):\n  {string.Join("\n  ", Render(last))}");
            }
        }

        foreach (var raw in await File.ReadAllLinesAsync(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var where = $"{name}:{lineNumber}";
            if (!line.StartsWith('<'))
            {
                RequireChecked();
            }

            if (line.StartsWith("@locale ", StringComparison.Ordinal))
            {
                locale = line[8..].Trim();
            }
            else if (line.StartsWith("@now ", StringComparison.Ordinal))
            {
                world.Clock.SetUtcNow(DateTimeOffset.Parse(line[5..].Trim(), CultureInfo.InvariantCulture));
            }
            else if (line == "@restart")
            {
                await world.RestartAsync();
            }
            else if (line.StartsWith("@user ", StringComparison.Ordinal))
            {
                // Another person, in a conversation of her own, on the same bot and database.
                user = line[6..].Trim();
                conversation = "test/" + Path.GetFileNameWithoutExtension(path) + "/" + user;
            }
            else if (line.StartsWith("@coordinator ", StringComparison.Ordinal))
            {
                // This chat user is a coordinator (national, or of the regions named) and has linked her account.
                await world.LinkCoordinatorAsync(conversation, user, locale, line[13..].Trim(), where);
            }
            else if (line == "@join")
            {
                await world.MarkTurnAsync();
                last = await world.Engine.HandleTurnAsync(new TurnInput { ConversationKey = conversation, UserKey = user, Kind = TurnKind.Join, Locale = locale });
                CheckPrivacy(world, last, where);
            }
            else if (line.StartsWith('>'))
            {
                var said = line[1..].Trim();
                if (said.Contains("{mailed code}", StringComparison.Ordinal))
                {
                    said = said.Replace("{mailed code}", world.LastMailedCode() ?? "no-code-mailed", StringComparison.Ordinal);
                }

                var input = new TurnInput { ConversationKey = conversation, UserKey = user, Locale = locale, Text = said };
                if (said.StartsWith('[') && said.EndsWith(']'))
                {
                    var button = FindButton(last, said[1..^1], where);
                    input = input with { Text = button.Value };
                }

                await world.MarkTurnAsync();
                last = await world.Engine.HandleTurnAsync(input);
                if (Environment.GetEnvironmentVariable("TRANSCRIPT_DUMP") is { Length: > 0 } dump)
                {
                    await File.AppendAllTextAsync(dump, $"{where} > {said}\n  " + string.Join("\n  ", Render(last)) + "\n");
                }

                CheckPrivacy(world, last, where);
                turnWithoutExpectation = where;
            }
            else if (line.StartsWith('<'))
            {
                var expectation = line[1..].Trim();
                if (!await ExpectEffectAsync(world, conversation, user, expectation, where))
                {
                    Expect(last, expectation, where);
                }

                turnWithoutExpectation = null;
            }
            else
            {
                throw new FormatException($"{where}: a transcript line starts with >, <, @ or # (got \"{line}\").");
            }
        }

        RequireChecked();
    }

    /// <summary>One line per message text, card and set of suggested actions: what a person sees.</summary>
    public static List<string> Render(IReadOnlyList<BotMessage> replies)
    {
        var lines = new List<string>();
        var cardNumber = 0;
        foreach (var message in replies)
        {
            if (message.Text is not null)
            {
                lines.Add("text: " + message.Text.Replace("\n\n", " / ", StringComparison.Ordinal).Replace('\n', ' '));
            }

            foreach (var card in message.Cards)
            {
                cardNumber++;
                var text = new StringBuilder().Append("card ").Append(cardNumber).Append(": ").Append(card.Title);
                foreach (var part in new[] { card.Subtitle, card.Text }.OfType<string>())
                {
                    text.Append(" | ").Append(part.Replace("\n\n", " / ", StringComparison.Ordinal).Replace('\n', ' '));
                }

                text.Append(" | ").AppendJoin(' ', card.Buttons.Select(b => "[" + b.Title + "]"));
                lines.Add(text.ToString());
            }

            if (message.SuggestedActions.Count > 0)
            {
                lines.Add("buttons: " + string.Join(' ', message.SuggestedActions.Select(b => "[" + b.Title + "]")));
            }
        }

        return lines;
    }

    private static BotButton FindButton(IReadOnlyList<BotMessage> replies, string spec, string where)
    {
        var title = spec;
        var cardIndex = 0;
        var hash = spec.LastIndexOf(" #", StringComparison.Ordinal);
        if (hash > 0 && int.TryParse(spec[(hash + 2)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
        {
            title = spec[..hash];
            cardIndex = index;
        }

        var cards = replies.SelectMany(m => m.Cards).ToList();
        var candidates = cardIndex > 0
            ? cards.Skip(cardIndex - 1).Take(1).SelectMany(c => c.Buttons)
            : replies.SelectMany(m => m.SuggestedActions).Concat(cards.SelectMany(c => c.Buttons));
        return candidates.FirstOrDefault(b => b.Title.StartsWith(title, StringComparison.Ordinal))
            ?? throw new TranscriptMismatchException($"{where}: no button \"{spec}\" in the last replies:\n  {string.Join("\n  ", Render(replies))}");
    }

    private static void Expect(IReadOnlyList<BotMessage> replies, string expectation, string where)
    {
        var rendered = Render(replies);
        string Dump() => "\n  " + string.Join("\n  ", rendered);
        if (expectation.StartsWith("cards:", StringComparison.Ordinal))
        {
            var expected = int.Parse(expectation[6..].Trim(), CultureInfo.InvariantCulture);
            var actual = replies.Sum(m => m.Cards.Count);
            if (actual != expected)
            {
                throw new TranscriptMismatchException($"{where}: expected {expected} card(s), got {actual}:{Dump()}");
            }

            return;
        }

        if (expectation.StartsWith("buttons:", StringComparison.Ordinal))
        {
            var offered = replies.SelectMany(m => m.SuggestedActions).Select(b => b.Title).ToList();
            foreach (var wanted in expectation[8..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!offered.Any(o => o.StartsWith(wanted, StringComparison.Ordinal)))
                {
                    throw new TranscriptMismatchException($"{where}: expected a suggested action \"{wanted}\":{Dump()}");
                }
            }

            return;
        }

        if (expectation.StartsWith('!'))
        {
            var forbidden = expectation[1..].Trim();
            if (rendered.Any(l => l.Contains(forbidden, StringComparison.OrdinalIgnoreCase)))
            {
                throw new TranscriptMismatchException($"{where}: expected no \"{forbidden}\":{Dump()}");
            }

            return;
        }

        var card = CardExpectation().Match(expectation);
        if (card.Success)
        {
            var prefix = "card " + card.Groups[1].Value + ":";
            if (!rendered.Any(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains(card.Groups[2].Value, StringComparison.OrdinalIgnoreCase)))
            {
                throw new TranscriptMismatchException($"{where}: expected {prefix} with \"{card.Groups[2].Value}\":{Dump()}");
            }

            return;
        }

        if (!rendered.Any(l => l.Contains(expectation, StringComparison.OrdinalIgnoreCase)))
        {
            throw new TranscriptMismatchException($"{where}: expected \"{expectation}\":{Dump()}");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^card (\d+): (.+)$")]
    private static partial System.Text.RegularExpressions.Regex CardExpectation();

    /// <summary>A speaker's e-mail or phone in any reply is a failure, whatever the transcript says.</summary>
    private static void CheckPrivacy(ConversationWorld world, IReadOnlyList<BotMessage> replies, string where)
    {
        var rendered = string.Join('\n', Render(replies).Concat(replies.SelectMany(m => m.Cards.SelectMany(c => c.Buttons)
            .Concat(m.SuggestedActions)).Select(b => b.Value)));
        foreach (var contact in world.Directory.Select(s => s.Contact).OfType<ContactDetails>())
        {
            foreach (var secret in new[] { contact.Email, contact.Phone }.OfType<string>())
            {
                if (rendered.Contains(secret, StringComparison.OrdinalIgnoreCase))
                {
                    throw new TranscriptMismatchException($"{where}: a speaker's contact detail reached the chat: {secret}");
                }
            }
        }
    }
}

internal sealed class TranscriptMismatchException(string message) : Exception(message);
