using SpeakerBot.Admin;
using SpeakerBot.Conversation;
using SpeakerBot.Conversation.Understanding;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Host;
using SpeakerBot.Host.Admin;
using SpeakerBot.Host.BackOffice;
using SpeakerBot.Protocol;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;
using SpeakerBot.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddDotEnvFile(DotEnv.DefaultPath);
builder.UseDefaultUrl();
builder.AddOperations();

builder.Services.AddDataRoot(builder.Configuration);
builder.Services.AddSpeakerDirectory(builder.Configuration);
builder.Services.AddGazetteer();
builder.Services.AddSpeakerSearch(builder.Configuration);
builder.Services.AddRuleBasedUnderstanding();
builder.Services.AddBookingServices();
builder.Services.AddSpeakerSpace();
builder.Services.AddCoordinatorTools();
builder.Services.AddAdminApi();
builder.Services.AddBackOffice(builder.Configuration);
builder.Services.AddConversation();
builder.Services.AddBotProtocol();
builder.Services.AddLanguageModel(builder.Configuration);
builder.AddTelemetry();

var app = builder.Build();
app.UseOperations();
app.LogDataFiles();

app.MapWebChatPage();
app.MapBackOffice();
app.MapBotEndpoints();
app.MapHealthEndpoints();
app.MapBookingEndpoints();
app.MapAdminEndpoints();
app.MapAdminDashboard();
app.MapJoinPage();
app.MapSpeakerSpace();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the host tests.</summary>
public partial class Program;
