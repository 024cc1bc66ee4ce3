using SpeakerBot.Bench;

if (args is ["gazetteer", .. var gazetteerArgs])
{
    return GazetteerBench.Run(gazetteerArgs);
}

// dotnet run -c Release --project src/SpeakerBot.Bench -- bookings-directline [--conversations 200] [--attempts 5] [--instances 3] [--postgres CONNECTION]
if (args is ["bookings-directline", .. var bookingDirectLineArgs])
{
    return await BookingDirectLineBench.RunAsync(bookingDirectLineArgs);
}

if (args is ["bookings", .. var rest])
{
    return await BookingBench.RunAsync(rest);
}

// dotnet run -c Release --project src/SpeakerBot.Bench -- model-turns [--rounds N] [--delay-ms D] [--breaker-failures F] [--configured]
if (args is ["model-turns", .. var modelTurnArgs])
{
    return await ModelTurnBench.RunAsync(modelTurnArgs);
}

// dotnet run -c Release --project src/SpeakerBot.Bench -- directline [--engine echo|real] [--conversations 100] [--seconds 10] [--idle 2000]
if (args is ["directline", .. var directLineArgs])
{
    return await DirectLineBenchmark.RunAsync(directLineArgs);
}

// dotnet run -c Release --project src/SpeakerBot.Bench -- soak [--conversations 10000]
if (args is ["soak", .. var soakArgs])
{
    return await SoakBench.RunAsync(soakArgs);
}

// dotnet run -c Release --project src/SpeakerBot.Bench -- turn [BenchmarkDotNet options, e.g. --filter *Parse*]
if (args is ["turn", .. var turnArgs])
{
    return TurnBench.Run(turnArgs);
}

Console.Error.WriteLine("usage: SpeakerBot.Bench gazetteer … | bookings [teachers] [speakers] | bookings-directline [--conversations N] [--attempts N] [--instances N] [--postgres CONNECTION] | directline [--engine echo|real] [--conversations N] [--seconds S] [--idle N] | soak [--conversations N] | turn [BenchmarkDotNet options] | model-turns [--rounds N] [--delay-ms D] [--breaker-failures F] [--configured]");
return 2;
