import type { FakeOf } from './conformance.ts'
import type { FakeRequestContext } from './context.ts'
import type { FakeRange } from './range.ts'
import type { CellStyle } from './sheet-state.ts'

/** Formatting is recorded per range; tests ask for the merged style of a cell. */
export class FakeRangeFormat implements FakeOf<Excel.RangeFormat> {
  readonly font: FakeRangeFont
  readonly fill: FakeRangeFill
  readonly protection: FakeFormatProtection
  private readonly range: FakeRange

  constructor(_context: FakeRequestContext, range: FakeRange) {
    this.range = range
    this.font = new FakeRangeFont(range)
    this.fill = new FakeRangeFill(range)
    this.protection = new FakeFormatProtection(range)
  }

  set columnWidth(points: number) {
    this.range.change('RangeFormat.columnWidth', { columnWidth: points }, (sheet) => {
      for (let c = this.range.rect.column; c < this.range.rect.column + this.range.rect.columns; c++) sheet.columnWidths.set(c, points)
    })
  }

  set wrapText(wrap: boolean) {
    styleCommand(this.range, 'RangeFormat.wrapText', { wrapText: wrap })
  }

  set verticalAlignment(alignment: Excel.VerticalAlignment | 'Center' | 'Bottom' | 'Top' | 'Justify' | 'Distributed') {
    styleCommand(this.range, 'RangeFormat.verticalAlignment', { verticalAlignment: alignment })
  }

  set horizontalAlignment(
    alignment:
      Excel.HorizontalAlignment | 'General' | 'Left' | 'Center' | 'Right' | 'Fill' | 'Justify' | 'CenterAcrossSelection' | 'Distributed',
  ) {
    styleCommand(this.range, 'RangeFormat.horizontalAlignment', { horizontalAlignment: alignment })
  }
}

function styleCommand(range: FakeRange, location: string, style: CellStyle): void {
  range.change(location, style, (sheet) => {
    sheet.styles.push({ rect: range.rect, style })
  })
}

export class FakeRangeFont implements FakeOf<Excel.RangeFont> {
  private readonly range: FakeRange

  constructor(range: FakeRange) {
    this.range = range
  }

  set bold(bold: boolean) {
    styleCommand(this.range, 'RangeFont.bold', { bold })
  }

  set italic(italic: boolean) {
    styleCommand(this.range, 'RangeFont.italic', { italic })
  }

  set color(color: string) {
    styleCommand(this.range, 'RangeFont.color', { color })
  }

  set size(size: number) {
    styleCommand(this.range, 'RangeFont.size', { size })
  }
}

export class FakeRangeFill implements FakeOf<Excel.RangeFill> {
  private readonly range: FakeRange

  constructor(range: FakeRange) {
    this.range = range
  }

  set color(fill: string) {
    styleCommand(this.range, 'RangeFill.color', { fill })
  }
}

export class FakeFormatProtection implements FakeOf<Excel.FormatProtection> {
  private readonly range: FakeRange

  constructor(range: FakeRange) {
    this.range = range
  }

  set locked(locked: boolean) {
    this.range.change('FormatProtection.locked', { locked }, (sheet) => {
      if (locked) {
        const keep = sheet.unlocked.filter((rect) => rect !== this.range.rect)
        sheet.unlocked.splice(0, sheet.unlocked.length, ...keep)
      } else {
        sheet.unlocked.push(this.range.rect)
      }
    })
  }
}
