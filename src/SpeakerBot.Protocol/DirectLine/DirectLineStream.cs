using System.Net.WebSockets;

namespace SpeakerBot.Protocol.DirectLine;

/// <summary>The WebSocket side of a conversation: replay from the watermark, then push each new batch as one text frame.</summary>
internal static class DirectLineStream
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(WebSocket socket, DirectLineConversation conversation, long watermark, TimeProvider time, CancellationToken cancellationToken)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = DrainIncomingAsync(socket, closed);
        Interlocked.Increment(ref conversation.Waiters);
        try
        {
            while (!closed.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                if (conversation.NextSeq > watermark)
                {
                    var batch = conversation.ActivitySetJson(watermark, out var next, out _);
                    watermark = next;
                    await socket.SendAsync(batch, WebSocketMessageType.Text, endOfMessage: true, closed.Token).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    await conversation.WaitForActivityAsync(watermark).WaitAsync(KeepAlive, time, closed.Token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // An empty frame is the protocol's keep-alive.
                    await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, closed.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away; it reconnects with its watermark and gets the rest replayed.
        }
        finally
        {
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
