using SpeakerBot.Bench;

// dotnet run -c Release --project src/SpeakerBot.Bench -- directline [--conversations 100] [--seconds 10] [--idle 2000]
if (args.Length > 0 && args[0] == "directline")
{
    return await DirectLineBenchmark.RunAsync(args[1..]);
}

Console.Error.WriteLine("usage: SpeakerBot.Bench directline [--conversations N] [--seconds S] [--idle N]");
return 2;
