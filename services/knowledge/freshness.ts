// How old what the bot knows is, in words an admin reads at a glance ("as of 3 min ago"). Relative ages
// need no time zone, so they are worded here rather than left to the card's DATE()/TIME().
export function ageText(readAt: string | undefined, now: Date): string {
  if (!readAt) return 'not read yet';
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(readAt)) / 1000));
  if (seconds < 60) return seconds < 10 ? 'just now' : `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

