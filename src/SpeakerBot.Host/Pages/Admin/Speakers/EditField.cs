namespace SpeakerBot.Host.Pages.Admin.Speakers;

/// <summary>One input of the editor: its form name, label, what was typed, and the message when it was refused.</summary>
public sealed record EditField(string Name, string Property, string Label, string? Value, string? Error, string? Hint = null, string Type = "text", bool Multiline = false, string? List = null);
