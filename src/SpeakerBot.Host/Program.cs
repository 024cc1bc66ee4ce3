using SpeakerBot.Admin;
using SpeakerBot.Conversation.LanguageModel;
using SpeakerBot.Host;
using SpeakerBot.Host.Admin;
using SpeakerBot.Protocol;
using SpeakerBot.Search;
using SpeakerBot.Search.Geography;
using SpeakerBot.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddDotEnvFile(".env");
builder.UseDefaultUrl();

builder.Services.AddStateStore();
builder.Services.AddSpeakerDirectory(builder.Configuration);
builder.Services.AddBookingStore();
builder.Services.AddGazetteer();
builder.Services.AddSpeakerSearch(builder.Configuration);
builder.Services.AddPlaceholderConversation();
builder.Services.AddBotProtocol();
builder.Services.AddBookingServices();
builder.Services.AddCoordinatorTools();
builder.Services.AddLanguageModel(builder.Configuration);

var app = builder.Build();

app.MapWebChatPage();
app.MapBotEndpoints();
app.MapHealthEndpoints();
app.MapBookingEndpoints();
app.MapAdminEndpoints();
app.MapAdminDashboard();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the host tests.</summary>
public partial class Program;
