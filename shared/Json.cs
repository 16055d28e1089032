using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace LinfenFlows.Shared;

public static class Json
{
    /// <summary>Web defaults (camelCase), with Chinese written as itself rather than as \u escapes.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>
    /// For request bodies: a field the API does not take (say, a status or a decision) is an error, not ignored; and a
    /// number is a JSON number, as the API document says, not also a string that looks like one (the web defaults' leniency).
    /// </summary>
    public static readonly JsonSerializerOptions Strict = new(Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
