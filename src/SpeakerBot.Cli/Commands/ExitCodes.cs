namespace SpeakerBot.Cli.Commands;

/// <summary>Process exit codes shared by the commands, so scripts can tell bad input from a failure.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
}
