// The agent's privilege advice (GET /api/health's privileges.detail), for the banner.

/** The polkit rule or sudoers line inside the advice (what the copy button copies), else the whole text. */
export function ruleOf(detail) {
  const text = String(detail || '');
  const polkit = text.match(/polkit\.addRule\(.*?\}\);/s);
  if (polkit) return polkit[0];
  const sudoers = text.match(/\S+ ALL=\(root\) NOPASSWD: .*$/m);
  return sudoers ? sudoers[0] : text;
}
