namespace SpeakerBot.Storage;

/// <summary>
/// The configured database cannot be used at start. The message is one line for an operator: the setting that chooses
/// the database, where it points and why it failed, never a password. The host logs it and exits with code 2.
/// </summary>
public abstract class StorageUnavailableException(string message, Exception inner) : InvalidOperationException(message, inner);
