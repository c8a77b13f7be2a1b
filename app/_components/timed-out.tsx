/** In place of a page's figures when the read timeout cut its queries. */
export function TimedOut({ title, message }: { title: string; message: string }) {
  return (
    <>
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <div className="banner bad" role="alert" data-testid="query-timeout">{message}</div>
    </>
  );
}

/** A report day cannot be narrowed, unlike a dashboard's range: what is left is to wait. */
export const DAY_TIMED_OUT = 'Reading these days took too long: the server is busy. Try again in a minute.';
