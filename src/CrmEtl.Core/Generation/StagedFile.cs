namespace CrmEtl.Core.Generation;

/// <summary>
/// A file written under a temporary name and moved into place on <see cref="Commit"/>, so a failed or
/// interrupted run never leaves a truncated CSV where a complete one is expected.
/// </summary>
internal sealed class StagedFile : IDisposable
{
    private const int BufferSize = 1 << 20;
    private readonly string _temporaryPath;
    private bool _committed;

    public StagedFile(string path)
    {
        Path = path;
        _temporaryPath = path + ".partial";
        Stream = new FileStream(_temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize);
    }

    public string Path { get; }

    public FileStream Stream { get; }

    public void Commit()
    {
        Stream.Dispose();
        File.Move(_temporaryPath, Path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed)
            File.Delete(_temporaryPath);
    }
}
