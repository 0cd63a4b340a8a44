'use client';

import { signOut } from 'next-auth/react';
import { useRouter } from 'next/navigation';

// redirect: false, then a relative navigation: next-auth would send the browser to its
// configured origin (ATLAS_URL), which isn't the address a user typed when it is unset.
export function SignOutButton({ className = 'btn-link btn', label = 'Sign out' }: { className?: string; label?: string }) {
  const router = useRouter();
  return (
    <button
      type="button"
      className={className}
      onClick={async () => {
        await signOut({ redirect: false });
        router.replace('/login');
        router.refresh();
      }}
    >
      {label}
    </button>
  );
}
