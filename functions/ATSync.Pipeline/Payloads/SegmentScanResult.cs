using ATSync.Pipeline.Storage;

namespace ATSync.Pipeline.Payloads;

/// <summary>A scanned segment: its frames are in the dataset folder, its raw landmarks in <paramref name="Landmarks"/>.</summary>
public sealed record SegmentScanResult(int Segment, int First, int Last, BlobRef Landmarks, int FacesFound);
