using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using SpeakerBot.Protocol.Schema;

namespace SpeakerBot.Protocol.Hosting;

internal readonly record struct ReadResult(Activity? Activity, IResult? Error);

internal static class ActivityReader
{
    /// <summary>Reads a bounded JSON body into an activity; every failure becomes a clear 4xx body, never an exception.</summary>
    public static async Task<ReadResult> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return new(null, TooLarge(maxBytes));
        }

        // Pooled, and sized from Content-Length when the client sent one: a post costs no buffer allocation.
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var announced ? (int)announced + 1 : 16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    return new(null, TooLarge(maxBytes));
                }
            }

            return Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses one activity from UTF-8 JSON bytes (a request body or the <c>activity</c> part of an upload).</summary>
    public static ReadResult Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return new(null, Error(StatusCodes.Status400BadRequest, "BadArgument", "The body is empty; expected an activity as JSON."));
        }

        if (!Utf8.IsValid(body))
        {
            return new(null, Error(StatusCodes.Status400BadRequest, "BadArgument", "The body is not valid UTF-8; expected an activity as JSON encoded in UTF-8."));
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body, ProtocolJson.Wire.Activity);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            return new(null, Error(StatusCodes.Status400BadRequest, "BadArgument", $"The body is not a valid JSON activity{where}: expected UTF-8 JSON with string fields such as \"type\" and \"text\"."));
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return new(null, Error(StatusCodes.Status400BadRequest, "MissingProperty", "The activity has no \"type\"; expected e.g. \"message\"."));
        }

        return new(activity, null);
    }

    public static IResult Error(int status, string code, string message) =>
        Results.Json(ErrorResponse.Of(code, message), ProtocolJson.Wire.ErrorResponse, statusCode: status);

    internal static IResult TooLarge(int maxBytes) =>
        Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", $"The activity is larger than {maxBytes / 1024} KB.");
}
