using ATSync.Core.Faces;
using ATSync.Pipeline;
using ATSync.Pipeline.Payloads;
using ATSync.Pipeline.Storage;

namespace ATSync.Tests.Functions;

/// <summary>What the pipeline accepts as person ids and blob names, and the ids it derives from them.</summary>
public sealed class PipelineNamingTests
{
    [Theory]
    [InlineData("alice.mp4", "alice")]
    [InlineData("Bob-2.MOV", "bob-2")]
    [InlineData("carol/take1.mp4", "carol")]
    public void A_video_blob_names_its_person(string blob, string person) =>
        Assert.Equal(person, PersonIds.FromVideoBlobName(blob));

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("a/../../b.mp4")]
    [InlineData("/abs.mp4")]
    [InlineData("a//b.mp4")]
    [InlineData("back\\slash.mp4")]
    [InlineData("new\nline.mp4")]
    [InlineData("under_score.mp4")]
    [InlineData("-dash.mp4")]
    [InlineData("")]
    public void Traversal_control_characters_and_bad_person_names_are_refused(string blob) =>
        Assert.Throws<PipelineInputException>(() => PersonIds.FromVideoBlobName(blob));

    [Fact]
    public void Lengths_are_bounded()
    {
        Assert.True(PersonIds.IsValid(new string('a', PersonIds.MaxLength)));
        Assert.False(PersonIds.IsValid(new string('a', PersonIds.MaxLength + 1)));
        Assert.Throws<PipelineInputException>(() => BlobNames.Validate("x/" + new string('a', BlobNames.MaxLength)));
        Assert.Throws<PipelineInputException>(() => BlobRef.Parse("secrets/a.wav"));
        Assert.Equal(new BlobRef("results", "j/in.wav"), BlobRef.Parse("results/j/in.wav"));
    }

    [Theory]
    [InlineData("alice/job1/best_digital_model_0.pth", true)]
    [InlineData("alice/job1/eval/eval_contact_sheet.png", true)]
    [InlineData("alice/job1/", false)]
    [InlineData("alice/job10/best.pth", false)]
    [InlineData("alice/job1/../job2/best.pth", false)]
    [InlineData("alice/job1/./best.pth", false)]
    [InlineData("alice/job1//best.pth", false)]
    [InlineData("alice/job1/a\\b.pth", false)]
    [InlineData("alice/job1/new\nline.pth", false)]
    public void A_model_folder_holds_only_valid_names_under_it(string name, bool held)
    {
        var folder = ModelBlobs.Folder("alice", "job1");
        Assert.Equal(held, folder.Holds(new BlobRef(folder.Container, name)));
        Assert.False(folder.Holds(new BlobRef(Containers.Results, "alice/job1/best.pth")));
        Assert.False(new BlobRef(folder.Container, "alice/job1/best.pth").Holds(new BlobRef(folder.Container, "alice/job1/best.pth/x")));
    }

    [Fact]
    public void The_same_upload_maps_to_one_instance_and_a_new_version_to_another()
    {
        var first = new VideoUpload("alice", new BlobRef("videos", "alice.mp4"), "\"0x1\"", "md5-a");
        Assert.Equal(PipelineIds.ForVideo(first), PipelineIds.ForVideo(first with { ETag = "\"0x2\"" }));
        Assert.NotEqual(PipelineIds.ForVideo(first), PipelineIds.ForVideo(first with { ContentMd5 = "md5-b" }));
        Assert.NotEqual(PipelineIds.ForVideo(first with { ContentMd5 = null }), PipelineIds.ForVideo(first with { ContentMd5 = null, ETag = "\"0x2\"" }));
        Assert.StartsWith("alice:video:", PipelineIds.ForVideo(first));
    }

    [Fact]
    public void Worker_job_ids_are_stable_per_instance_and_url_safe()
    {
        var id = PipelineIds.JobIdFor("alice:video:0123456789abcdef:train", "train");
        Assert.Equal(id, PipelineIds.JobIdFor("alice:video:0123456789abcdef:train", "train"));
        Assert.Matches("^train-alice-[0-9a-f]{16}$", id);
        Assert.Matches("^lipsync-alice-[0-9a-f]{12}$", PipelineIds.NewLipsyncJobId("alice"));
    }

    [Fact]
    public void Callback_urls_keep_the_key_in_the_base_url_query()
    {
        Assert.Equal("https://app.example/api/callbacks/a%3Avideo%3Ax%3Ajob?code=k",
            CallbackUrls.For("https://app.example?code=k", "a:video:x:job"));
        Assert.Equal("http://127.0.0.1:7071/api/callbacks/i", CallbackUrls.For("http://127.0.0.1:7071/", "i"));
    }

    [Theory]
    [InlineData(100, 4)]
    [InlineData(125, 3)]
    [InlineData(30, 8)]
    [InlineData(7, 2)]
    public void Segments_cover_every_frame_once_and_start_on_a_tracking_run(int frames, int segments)
    {
        var ranges = FrameSegments.Split(frames, segments);
        Assert.True(ranges.Count <= segments);
        Assert.Equal(Enumerable.Range(0, frames), ranges.SelectMany(r => Enumerable.Range(r.First, r.Length)));
        Assert.All(ranges, r => Assert.Equal(0, r.First % VideoFaceScanner.FramesPerRun));
    }
}
