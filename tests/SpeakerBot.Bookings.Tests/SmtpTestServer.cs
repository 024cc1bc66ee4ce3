using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SpeakerBot.Bookings.Tests;

public sealed record ReceivedMail(string From, IReadOnlyList<string> Recipients, string Data);

/// <summary>
/// A minimal SMTP server on 127.0.0.1 speaking enough of RFC 5321 (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
/// QUIT) for a real client to deliver to it. It can refuse the first N messages with a temporary 451, and, given
/// credentials, offers AUTH PLAIN and refuses mail until a client logged in with them.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly (string User, string Password)? _credentials;
    private int _failuresLeft;

    public SmtpTestServer(int failFirst = 0, (string User, string Password)? credentials = null)
    {
        _failuresLeft = failFirst;
        _credentials = credentials;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 127.0.0.1 test SMTP ready");
        string? from = null;
        var recipients = new List<string>();
        var authenticated = _credentials is null;
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-127.0.0.1 hello");
                    if (_credentials is not null)
                    {
                        await writer.WriteLineAsync("250-AUTH PLAIN");
                    }

                    await writer.WriteLineAsync("250-8BITMIME");
                    await writer.WriteLineAsync("250 SMTPUTF8");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 127.0.0.1");
                    break;
                case "AUTH":
                    // AUTH PLAIN base64("\0user\0password"), inline or after a 334 prompt.
                    var response = line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: 3 } inline ? inline[2] : null;
                    if (response is null)
                    {
                        await writer.WriteLineAsync("334 ");
                        response = await reader.ReadLineAsync() ?? string.Empty;
                    }

                    var fields = Encoding.UTF8.GetString(Convert.FromBase64String(response)).Split('\0');
                    authenticated = _credentials is { } c && fields.Length == 3 && fields[1] == c.User && fields[2] == c.Password;
                    await writer.WriteLineAsync(authenticated ? "235 2.7.0 accepted" : "535 5.7.8 authentication credentials invalid");
                    break;
                case "MAIL" when !authenticated:
                    await writer.WriteLineAsync("530 5.7.0 authentication required");
                    break;
                case "MAIL":
                    from = Address(line);
                    recipients.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    recipients.Add(Address(line));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }

                    if (Interlocked.Decrement(ref _failuresLeft) >= 0)
                    {
                        await writer.WriteLineAsync("451 4.3.0 try again later");
                    }
                    else
                    {
                        Received.Enqueue(new ReceivedMail(from ?? string.Empty, [.. recipients], data.ToString()));
                        await writer.WriteLineAsync("250 2.0.0 queued");
                    }

                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : line;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}

/// <summary>Just enough MIME reading to check what a mail client would show: headers, and each part decoded.</summary>
public static class Mime
{
    public static string Header(string message, string name)
    {
        var headers = Unfold(message[..message.IndexOf("\r\n\r\n", StringComparison.Ordinal)]);
        var line = headers.First(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));
        return line[(name.Length + 1)..].Trim();
    }

    public static string DecodeWords(string value)
    {
        // RFC 2047 encoded-words (=?utf-8?B?...?= or =?utf-8?Q?...?=): the space between two encoded words is not
        // part of the text, the space between an encoded word and a plain one is.
        var result = new StringBuilder();
        var previousEncoded = false;
        foreach (var word in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var encoded = word.StartsWith("=?", StringComparison.Ordinal) && word.EndsWith("?=", StringComparison.Ordinal);
            if (result.Length > 0 && !(encoded && previousEncoded))
            {
                result.Append(' ');
            }

            if (encoded)
            {
                var parts = word[2..^2].Split('?');
                result.Append(parts[1].ToUpperInvariant() == "B"
                    ? Encoding.UTF8.GetString(Convert.FromBase64String(parts[2]))
                    : QuotedPrintable(parts[2].Replace('_', ' ')));
            }
            else
            {
                result.Append(word);
            }

            previousEncoded = encoded;
        }

        return result.ToString();
    }

    /// <summary>Each leaf part as (content type header, decoded text).</summary>
    public static IReadOnlyList<(string ContentType, string Text)> Parts(string message)
    {
        var split = message.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = Unfold(message[..split]);
        var body = message[(split + 4)..];
        var type = headers.FirstOrDefault(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)) ?? "Content-Type: text/plain";
        var encoding = headers.FirstOrDefault(h => h.StartsWith("Content-Transfer-Encoding:", StringComparison.OrdinalIgnoreCase))?.Split(':')[1].Trim().ToLowerInvariant();
        if (type.Contains("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = type[(type.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase) + 9)..].Split(';')[0].Trim('"', ' ');
            return [.. body.Split("--" + boundary)
                .Skip(1)
                .Where(p => !p.StartsWith("--", StringComparison.Ordinal))
                .SelectMany(p => Parts(p.TrimStart('\r', '\n')))];
        }

        var text = encoding switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split("\r\n").Select(l => l.Trim())))),
            "quoted-printable" => QuotedPrintable(body),
            _ => body,
        };
        return [(type, text)];
    }

    private static List<string> Unfold(string headers)
    {
        var lines = new List<string>();
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && lines.Count > 0)
            {
                lines[^1] += " " + line.Trim();
            }
            else
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static string QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        var joined = text.Replace("=\r\n", string.Empty, StringComparison.Ordinal);
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
