import { makeStyles, Subtitle2, tokens } from '@fluentui/react-components'
import type { ReactNode } from 'react'

export type SectionProps = {
  readonly title: string
  /** Right-aligned controls beside the title (a refresh button). */
  readonly aside?: ReactNode
  readonly children: ReactNode
}

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  head: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
})

/** A titled block of the pane; the heading is an h2 so screen readers can jump between blocks. */
export function Section({ title, aside, children }: SectionProps) {
  const styles = useStyles()
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
  return (
    <section className={styles.section} aria-labelledby={id}>
      <div className={styles.head}>
        <Subtitle2 as="h2" id={id}>
          {title}
        </Subtitle2>
        {aside}
      </div>
      {children}
    </section>
  )
}
