using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Payloads;

/// <param name="Dataset">The dataset folder it was trained on (its source.json names the video when <paramref name="Video"/> is null).</param>
/// <param name="ReportedEvalReportUri">The worker's held-out eval report, when it scored the model.</param>
/// <param name="ReportedContactSheetUri">That eval's contact sheet (PNG).</param>
public sealed record PublishModelInput(string PersonId, string JobId, BlobRef Folder, string? ReportedModelUri, BlobRef? Video, BlobRef? Dataset = null,
    string? ReportedEvalReportUri = null, string? ReportedContactSheetUri = null);
