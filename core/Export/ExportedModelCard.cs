using ATSync.Core.Training;

namespace ATSync.Core.Export;

/// <summary>
/// Keeps an exported ONNX model self-describing: `atsync infer` finds the model card in the model's own folder
/// (<see cref="ModelCard.PathBeside"/>) for its audio features and to reuse the processed dataset, so an export into
/// another folder gets a copy of the checkpoint's card there (written atomically).
/// </summary>
public static class ExportedModelCard
{
    public enum Outcome
    {
        /// <summary>The checkpoint has no card: nothing to copy.</summary>
        NoCard,

        /// <summary>The export is in the checkpoint's folder: the card is already beside it.</summary>
        AlreadyBeside,

        /// <summary>A copy of the card was written beside the export.</summary>
        Copied,

        /// <summary>
        /// The export's folder holds a card of another model (other dataset or audio features): it is left alone,
        /// since one folder has one card and the other model needs it.
        /// </summary>
        OtherModelsCard,
    }

    public static Outcome CopyBeside(string checkpointPath, string exportPath)
    {
        var source = ModelCard.PathBeside(checkpointPath);
        var target = ModelCard.PathBeside(exportPath);
        if (!File.Exists(source)) return Outcome.NoCard;
        if (string.Equals(source, target, StringComparison.Ordinal)) return Outcome.AlreadyBeside;
        var card = ModelCard.Read(source);
        if (File.Exists(target))
        {
            // The same person's earlier card (same dataset and features) is refreshed; another model's is kept.
            var existing = ModelCard.Read(target);
            if (existing.Asr != card.Asr || existing.Dataset.Fingerprint != card.Dataset.Fingerprint) return Outcome.OtherModelsCard;
        }
        card.Write(target);
        // A CPU-profile model's first stage travels with it: infer needs it beside the ONNX file.
        var mouth = Mouth.MouthShapeModel.PathBeside(checkpointPath);
        if (File.Exists(mouth)) Mouth.MouthShapeModel.Read(mouth).Write(Mouth.MouthShapeModel.PathBeside(exportPath));
        return Outcome.Copied;
    }
}
