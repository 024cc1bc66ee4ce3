using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SpeakerBot.Conversation.Tests.LanguageModel;

/// <summary>What the test server received: path, auth headers and the raw JSON body.</summary>
public sealed record ReceivedCall(string Path, string? Authorization, string? ApiKey, string Body)
{
    /// <summary>The text of every message the client sent (system + user), as the model would read it.</summary>
    public string Prompt => string.Join("\n", JsonNode.Parse(Body)!["messages"]!.AsArray().Select(m => m!["content"]!.ToString()));
}

/// <summary>What the server answers to one call.</summary>
public sealed record FakeReply(int Status = 200, string? Content = null, TimeSpan Delay = default, int TotalTokens = 15, string? RawBody = null);

/// <summary>
/// An OpenAI-compatible chat completions server on 127.0.0.1 (Kestrel), for the plain OpenAI path (/chat/completions,
/// Authorization: Bearer) and the Azure v1 path (/openai/v1/chat/completions, api-key header). Each test sets
/// <see cref="Handler"/>; every call is recorded.
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    public const string OpenAiKey = "sk-test-openai";
    public const string AzureKey = "azure-test-key";

    private readonly WebApplication _app;

    private FakeChatServer(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

    public int Aborted;

    public Func<ReceivedCall, int, FakeReply> Handler { get; set; } = (_, _) => new FakeReply(Content: "{}");

    public Uri BaseAddress { get; private set; } = null!;

    public Uri OpenAiEndpoint => BaseAddress;

    public Uri AzureEndpoint => new(BaseAddress, "openai/v1/");

    public static async Task<FakeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeChatServer(app);
        app.MapPost("/chat/completions", (HttpContext ctx) => server.HandleAsync(ctx, azure: false));
        app.MapPost("/openai/v1/chat/completions", (HttpContext ctx) => server.HandleAsync(ctx, azure: true));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", (HttpContext ctx) => server.HandleAsync(ctx, azure: true));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public void Reset(Func<ReceivedCall, int, FakeReply> handler)
    {
        Calls.Clear();
        Interlocked.Exchange(ref Aborted, 0);
        Handler = handler;
    }

    public static string Completion(string content, int totalTokens = 15) => new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_764_000_000,
        ["model"] = "test-model",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = totalTokens - 5, ["completion_tokens"] = 5, ["total_tokens"] = totalTokens },
    }.ToJsonString();

    private async Task HandleAsync(HttpContext context, bool azure)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var call = new ReceivedCall(context.Request.Path, context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers["api-key"].FirstOrDefault(), body);
        Calls.Enqueue(call);

        var authorised = azure ? call.ApiKey == AzureKey : call.Authorization == "Bearer " + OpenAiKey;
        if (!authorised)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"error":{"message":"bad key","type":"invalid_request_error"}}""");
            return;
        }

        var reply = Handler(call, Calls.Count);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref Aborted);
                return;
            }
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        var payload = reply.Status == 200
            ? reply.RawBody ?? Completion(reply.Content ?? "{}", reply.TotalTokens)
            : """{"error":{"message":"try later","type":"server_error"}}""";
        await context.Response.WriteAsync(payload);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
