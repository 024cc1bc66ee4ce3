if (args is ["gazetteer", .. var gazetteerArgs])
{
    return SpeakerBot.Bench.GazetteerBench.Run(gazetteerArgs);
}

return 0;
