namespace CrmEtl.Core.Generation;

/// <summary>
/// A file written under a temporary name and moved into place on <see cref="Commit"/>, so a failed or
/// interrupted run never leaves a truncated CSV where a complete one is expected.
/// </summary>
internal sealed class StagedFile : IDisposable
{
    private const int BufferSize = 1 << 20;
    private readonly string temporaryPath;
    private bool committed;

    public StagedFile(string path)
    {
        Path = path;
        temporaryPath = path + ".partial";
        Stream = new FileStream(temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize);
    }

    public string Path { get; }

    public FileStream Stream { get; }

    public void Commit()
    {
        Stream.Dispose();
        File.Move(temporaryPath, Path, overwrite: true);
        committed = true;
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (!committed)
            File.Delete(temporaryPath);
    }
}
