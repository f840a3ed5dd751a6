namespace ATSync.Pipeline.Starting;

/// <summary>JSON body of POST /api/lipsync: the person and the speech as a blob path ("container/name"); or post the
/// audio file itself as the body with <c>?personId=</c>.</summary>
public sealed record LipsyncRequest(string PersonId, string Audio, Dictionary<string, string>? Parameters = null);
