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

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new(null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
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
