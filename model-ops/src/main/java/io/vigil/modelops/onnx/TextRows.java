package io.vigil.modelops.onnx;

import java.util.List;

/**
 * Rows of text values (e.g. CSV cells), parsed to numbers where a numeric input needs them. For
 * offline scoring; the streaming job uses {@link VectorRows}.
 */
public final class TextRows implements FeatureRows {

    private final List<String[]> rows;
    private final int firstRowNumber;

    /**
     * @param firstRowNumber the number of the first row in the source, for error messages
     */
    public TextRows(List<String[]> rows, int firstRowNumber) {
        this.rows = rows;
        this.firstRowNumber = firstRowNumber;
    }

    @Override
    public int count() {
        return rows.size();
    }

    /**
     * @throws NumberFormatException naming the row and column when the cell is not a number
     */
    @Override
    public double number(int row, int feature) {
        String cell = text(row, feature);
        try {
            return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new NumberFormatException(
                    "row "
                            + (firstRowNumber + row)
                            + ", column "
                            + (feature + 1)
                            + ": '"
                            + cell
                            + "' is not a number");
        }
    }

    @Override
    public String text(int row, int feature) {
        return rows.get(row)[feature].trim();
    }
}
