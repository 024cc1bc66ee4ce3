using Microsoft.Extensions.Configuration;

namespace SpeakerBot.Host.Tests;

public sealed class DotEnvTests
{
    [Fact]
    public void Parse_reads_keys_values_quotes_and_comments()
    {
        var values = DotEnv.Parse(
        [
            "# a comment",
            "",
            "Storage__SqlitePath=data/bot.db",
            "export Bot__MicrosoftAppId = abc ",
            "DirectLine__BotName=\"Speaker Bot # not a comment\"",
            "Bot__MicrosoftAppPassword='p=ss'",
            "Bot__ChannelIssuer=https://api.botframework.com # trailing comment",
            "not a setting",
        ]);

        Assert.Equal("data/bot.db", values["Storage:SqlitePath"]);
        Assert.Equal("abc", values["Bot:MicrosoftAppId"]);
        Assert.Equal("Speaker Bot # not a comment", values["DirectLine:BotName"]);
        Assert.Equal("p=ss", values["Bot:MicrosoftAppPassword"]);
        Assert.Equal("https://api.botframework.com", values["Bot:ChannelIssuer"]);
        Assert.Equal(5, values.Count);
    }

    [Fact]
    public void AddDotEnvFile_loses_to_environment_variables()
    {
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, ["SPEAKERBOT_TEST_A__X=from-file", "SPEAKERBOT_TEST_B__Y=from-file"]);
        Environment.SetEnvironmentVariable("SPEAKERBOT_TEST_A__X", "from-environment");
        try
        {
            var configuration = new ConfigurationManager();
            configuration.AddEnvironmentVariables();
            configuration.AddDotEnvFile(file);

            Assert.Equal("from-environment", configuration["SPEAKERBOT_TEST_A:X"]);
            Assert.Equal("from-file", configuration["SPEAKERBOT_TEST_B:Y"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SPEAKERBOT_TEST_A__X", null);
            File.Delete(file);
        }
    }
}
