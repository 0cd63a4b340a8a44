export function NoAccess({ what }: { what: string }) {
  return (
    <section className="panel">
      <div className="empty">
        <h3>Not available to your role</h3>
        <p>{what} is for owners and admins of this organisation.</p>
      </div>
    </section>
  );
}
