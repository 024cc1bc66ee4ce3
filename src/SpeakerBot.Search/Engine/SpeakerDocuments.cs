using System.Text.Json;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using SpeakerBot.Domain;
using SpeakerBot.Search.Analysis;

namespace SpeakerBot.Search.Engine;

/// <summary>
/// The Lucene document of a speaker. Text fields (headline, topics, bio, employer, city) are analysed with the
/// lexicon's chain; filters are exact keyword fields; facets, distance and the city table read doc values; the
/// whole profile is stored as JSON so a hit needs nothing but the index.
/// </summary>
internal static class SpeakerDocuments
{
    /// <summary>Bumped when the document layout or the analysis changes: an index of another schema is rebuilt.</summary>
    public const string Schema = "2";

    public const string Id = "id";
    public const string Json = "speaker";
    public const string Updated = "updated";

    public static readonly string[] TextFields = ["headline", "topics", "bio", "employer", "city"];

    /// <summary>Every folded word of the text fields, unstemmed: where prefixes and typos are looked up.</summary>
    public const string Words = "words";

    /// <summary>Boost of a word found in each text field (the headline counts most).</summary>
    public static readonly float[] TextBoosts = [3.0f, 2.0f, 1.0f, 1.5f, 1.0f];

    /// <summary>BM25 length normalisation per field (short fields barely normalised).</summary>
    public static readonly float[] TextB = [0.5f, 0.5f, 0.75f, 0.5f, 0.3f];

    public const string Sector = "k_sector";
    public const string Region = "k_region";
    public const string Department = "k_dept";
    public const string Status = "k_status";
    public const string Network = "k_network";
    public const string Language = "k_lang";
    public const string Topic = "k_topic";
    public const string Audience = "k_audience";
    public const string Format = "k_format";

    public const string SectorOrdinal = "dv_sector";
    public const string RegionOrdinal = "dv_region";
    public const string AudienceMask = "dv_audiences";
    public const string FormatMask = "dv_formats";
    public const string Lat = "dv_lat";
    public const string Lon = "dv_lon";
    public const string CityName = "dv_city";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly FieldType TextType = CreateTextType(IndexOptions.DOCS_AND_FREQS, omitNorms: false);

    private static readonly FieldType WordsType = CreateTextType(IndexOptions.DOCS_ONLY, omitNorms: true);

    private static FieldType CreateTextType(IndexOptions options, bool omitNorms)
    {
        var type = new FieldType
        {
            IsIndexed = true,
            IsTokenized = true,
            IsStored = false,
            IndexOptions = options,
            OmitNorms = omitNorms,
        };
        type.Freeze();
        return type;
    }

    public static Document Build(Speaker speaker)
    {
        var doc = new Document
        {
            new StringField(Id, speaker.Id, Field.Store.YES),
            new StoredField(Json, JsonSerializer.Serialize(speaker, JsonOptions)),
            new StoredField(Updated, speaker.UpdatedAt?.UtcTicks ?? 0),
            new Field(TextFields[0], speaker.Headline, TextType),
            new Field(Words, speaker.Headline, WordsType),
        };
        foreach (var topic in speaker.Topics)
        {
            doc.Add(new Field(TextFields[1], topic, TextType));
            doc.Add(new Field(Words, topic, WordsType));
            doc.Add(new StringField(Topic, TextFolding.FoldText(topic), Field.Store.NO));
        }

        AddText(doc, TextFields[2], speaker.Bio);
        AddText(doc, TextFields[3], speaker.Employer);
        AddText(doc, TextFields[4], speaker.City);

        doc.Add(new StringField(Sector, speaker.Sector, Field.Store.NO));
        doc.Add(new StringField(Region, speaker.Region, Field.Store.NO));
        doc.Add(new StringField(Status, speaker.Status.ToString(), Field.Store.NO));
        if (speaker.Department is not null)
        {
            doc.Add(new StringField(Department, speaker.Department, Field.Store.NO));
        }

        if (speaker.Network is not null)
        {
            doc.Add(new StringField(Network, TextFolding.FoldText(speaker.Network), Field.Store.NO));
        }

        foreach (var language in speaker.Languages)
        {
            doc.Add(new StringField(Language, language, Field.Store.NO));
        }

        long audiences = 0;
        foreach (var audience in speaker.Audiences)
        {
            doc.Add(new StringField(Audience, audience, Field.Store.NO));
            var i = IndexOf(Taxonomy.Audiences, audience);
            audiences |= i >= 0 ? 1L << i : 0;
        }

        long formats = 0;
        foreach (var format in speaker.Formats)
        {
            doc.Add(new StringField(Format, format, Field.Store.NO));
            var i = IndexOf(Taxonomy.Formats, format);
            formats |= i >= 0 ? 1L << i : 0;
        }

        doc.Add(new NumericDocValuesField(SectorOrdinal, Math.Max(0, IndexOf(Taxonomy.Sectors, speaker.Sector))));
        doc.Add(new NumericDocValuesField(RegionOrdinal, Math.Max(0, IndexOf(Taxonomy.Regions, speaker.Region))));
        doc.Add(new NumericDocValuesField(AudienceMask, audiences));
        doc.Add(new NumericDocValuesField(FormatMask, formats));
        doc.Add(new NumericDocValuesField(Lat, BitConverter.DoubleToInt64Bits(speaker.Lat ?? double.NaN)));
        doc.Add(new NumericDocValuesField(Lon, BitConverter.DoubleToInt64Bits(speaker.Lon ?? double.NaN)));
        doc.Add(new SortedDocValuesField(CityName, new BytesRef(speaker.City is not null && speaker.Lat is not null && speaker.Lon is not null ? speaker.City : string.Empty)));
        return doc;
    }

    public static Speaker Read(Document doc) =>
        JsonSerializer.Deserialize<Speaker>(doc.Get(Json), JsonOptions) ?? throw new InvalidDataException("A search index document holds no speaker.");

    public static ulong Fingerprint(string id, long updatedTicks)
    {
        // FNV-1a over the id and the update time: XORed over the directory, so one change updates it in place.
        var hash = 14695981039346656037UL;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ (byte)(updatedTicks >> (i * 8))) * 1099511628211UL;
        }

        return hash;
    }

    private static void AddText(Document doc, string field, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            doc.Add(new Field(field, text, TextType));
            doc.Add(new Field(Words, text, WordsType));
        }
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
