using System.Net.WebSockets;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>The WebSocket side of a conversation: replay from the watermark, then push each new batch as one text frame.</summary>
internal static class DirectLineStream
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan CloseHandshake = TimeSpan.FromSeconds(5);

    /// <summary>The close reason ABS gives a WebSocket replaced by a newer one on the same conversation.</summary>
    public const string CollisionReason = "collision";

    public static async Task RunAsync(WebSocket socket, DirectLineConversation conversation, long watermark, TimeProvider time, CancellationToken cancellationToken)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var replaced = conversation.ClaimStream();
        var reader = DrainIncomingAsync(socket, closed);
        Interlocked.Increment(ref conversation.Waiters);
        try
        {
            while (!closed.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                if (replaced.Task.IsCompleted)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, CollisionReason, CancellationToken.None).ConfigureAwait(false);

                    // Wait for the client's answering close frame, so it sees the reason rather than a dropped connection.
                    await reader.WaitAsync(CloseHandshake, time, CancellationToken.None).ConfigureAwait(false);
                    break;
                }

                if (conversation.NextSeq > watermark)
                {
                    var batch = conversation.ActivitySetJson(watermark, out var next, out _);
                    watermark = next;
                    await socket.SendAsync(batch, WebSocketMessageType.Text, endOfMessage: true, closed.Token).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    var arrival = conversation.WaitForActivityAsync(watermark).WaitAsync(KeepAlive, time, closed.Token);
                    await Task.WhenAny(arrival, replaced.Task).ConfigureAwait(false);
                    if (arrival.IsCompleted)
                    {
                        await arrival.ConfigureAwait(false);
                    }
                }
                catch (TimeoutException)
                {
                    // An empty frame is the protocol's keep-alive.
                    await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, closed.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or TimeoutException)
        {
            // The client went away (or did not answer the close); it reconnects with its watermark and gets the rest replayed.
        }
        finally
        {
            conversation.ReleaseStream(replaced);
            Interlocked.Decrement(ref conversation.Waiters);
            await closed.CancelAsync().ConfigureAwait(false);
            await reader.ConfigureAwait(false);
        }
    }

    /// <summary>Clients only send keep-alives and the close handshake; reading is how we notice they left.</summary>
    private static async Task DrainIncomingAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State != WebSocketState.CloseReceived)
                    {
                        // We started the close (collision); the handshake is complete.
                        break;
                    }

                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closed from either side.
        }
        finally
        {
            await closed.CancelAsync().ConfigureAwait(false);
        }
    }
}
